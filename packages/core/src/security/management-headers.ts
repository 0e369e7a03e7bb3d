/** Anything with Koa's `set(name, value)`: a Koa context or response. */
export interface HeaderTarget {
  set(name: string, value: string): void;
}

/** The headers {@link setManagementHeaders} sets, by name. */
export const MANAGEMENT_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': "frame-ancestors 'none'; default-src 'self'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'same-origin',
});

/**
 * Sets the headers every ZMI and login response carries (M-08, M-09): a CSP that forbids
 * framing and loading anything from other origins, `X-Frame-Options: DENY`, `nosniff`,
 * `Cache-Control: no-store` and `Referrer-Policy: same-origin`. Views still set
 * `text/html; charset=utf-8` themselves.
 *
 * @example
 * ```ts
 * views.register(Folder, {
 *   name: 'manage_main',
 *   permission: 'View management screens',
 *   handler: (ctx, folder) => {
 *     setManagementHeaders(ctx);
 *     return renderContents(folder);
 *   },
 * });
 * ```
 */
export function setManagementHeaders(target: HeaderTarget): void {
  for (const [name, value] of Object.entries(MANAGEMENT_HEADERS)) target.set(name, value);
}
