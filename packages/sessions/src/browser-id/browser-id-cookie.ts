import type { ExtendableContext } from 'koa';
import type { BrowserIdSettings } from './browser-id-settings';

const DAY_MS = 86_400_000;
const EPOCH = new Date(0).toUTCString();

/**
 * The `Set-Cookie` value for a browser id (S-04, S-05): `HttpOnly` and `SameSite` as set,
 * `Secure` when `secure` is true, the configured `Path`, `Domain` only when configured, and
 * `Expires` / `Max-Age` only when the cookie has a lifetime in days. `value` null expires the
 * cookie (empty value, dated 1970, `Max-Age=0`).
 *
 * @example
 * ```ts
 * browserIdCookie(id, settings, { secure: false, now: Date.now() });
 * // '_ZopeId=<id>; Path=/; HttpOnly; SameSite=Lax'
 * ```
 */
export function browserIdCookie(
  value: string | null,
  settings: BrowserIdSettings,
  options: { secure: boolean; now: number },
): string {
  let cookie = `${settings.name}=${value ?? ''}; Path=${settings.cookiePath}`;
  if (settings.cookieDomain !== '') cookie += `; Domain=${settings.cookieDomain}`;
  if (value === null) {
    cookie += `; Expires=${EPOCH}; Max-Age=0`;
  } else if (settings.cookieLifeDays > 0) {
    const expires = new Date(options.now + settings.cookieLifeDays * DAY_MS).toUTCString();
    cookie += `; Expires=${expires}; Max-Age=${settings.cookieLifeDays * 86_400}`;
  }
  if (options.secure) cookie += '; Secure';
  if (settings.cookieHttpOnly) cookie += '; HttpOnly';
  return `${cookie}; SameSite=${settings.cookieSameSite}`;
}

/**
 * Sets (or, with `value` null, expires) the browser id cookie on the response, replacing a
 * browser id cookie set earlier in the same response, and marks the response
 * `Cache-Control: no-store` so no cache keeps or replays it (S-06). `Secure` is added when the
 * setting is `always` or the request came over https (`ctx.secure`, which honours
 * `X-Forwarded-Proto` only behind a trusted proxy).
 *
 * @example
 * ```ts
 * writeBrowserIdCookie(ctx, newBrowserId(), settings, Date.now());
 * ```
 */
export function writeBrowserIdCookie(
  ctx: ExtendableContext,
  value: string | null,
  settings: BrowserIdSettings,
  now: number,
): void {
  const secure = settings.cookieSecure === 'always' || ctx.secure;
  const line = browserIdCookie(value, settings, { secure, now });
  const prefix = `${settings.name}=`;
  const existing = ctx.response.get('Set-Cookie') as string | string[] | undefined;
  const lines = (Array.isArray(existing) ? existing : existing ? [existing] : []).filter(
    (cookie) => !cookie.startsWith(prefix),
  );
  lines.push(line);
  ctx.set('Set-Cookie', lines);
  ctx.set('Cache-Control', 'no-store');
}
