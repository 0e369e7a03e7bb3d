/** Control characters, white space, backslashes: browsers strip or reinterpret them in URLs. */
const UNSAFE = /[\x00-\x20\x7f-\x9f\\\u2028\u2029]/;
const PROBE_ORIGIN = 'http://zoa.invalid';

/**
 * `value` when it is a safe same-origin redirect target, else `fallback` (M-16). Safe means a
 * path starting with exactly one `/` (so never `//evil`, `/\evil`, `https://evil` or
 * `javascript:`), without control characters, white space or backslashes anywhere (browsers
 * drop tabs and newlines and read `\` as `/`), at most 2,048 characters, that a URL parser
 * resolves on the same origin. An absolute URL on the site's own `baseUrl` is accepted too and
 * turned into its path.
 *
 * @example
 * ```ts
 * safeRedirectPath('/docs/?a=1', '/manage_main'); // '/docs/?a=1'
 * safeRedirectPath('//evil.com', '/manage_main'); // '/manage_main'
 * ```
 */
export function safeRedirectPath(value: unknown, fallback: string, baseUrl = ''): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2048) return fallback;
  let path = value;
  if (baseUrl !== '' && path.startsWith(`${baseUrl}/`)) path = path.slice(baseUrl.length);
  if (!path.startsWith('/') || path.startsWith('//') || UNSAFE.test(path)) return fallback;
  let url: URL;
  try {
    url = new URL(path, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PROBE_ORIGIN || url.pathname.startsWith('//')) return fallback;
  return path;
}
