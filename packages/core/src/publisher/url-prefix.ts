/**
 * A path that URLs generated for one request start with after the scheme and host: a fixed
 * string, or a function read each time a URL is generated (so that something decided later in
 * the request — a browser id issued mid-request — shows in URLs generated afterwards). It is
 * `''` or one or more `/segment`s, each already percent-encoded, without a trailing slash.
 */
export type UrlPrefix = string | (() => string);

/** One or more `/segment`s of URL path characters (RFC 3986 pchar), no trailing slash. */
const VALID_PREFIX = /^(?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@%]+)+$/;

/** Keyed by the Node request, which conflict retries and every middleware share. */
const prefixes = new WeakMap<object, UrlPrefix>();

/**
 * Sets the URL prefix of a request: `ctx.zoa.baseUrl`, `ctx.zoa.url`, `absoluteUrl` and
 * everything built on them carry it between the origin and the path. Middleware in front of
 * the publisher call it (the sessions product does, for auto URL encoding of browser ids:
 * `/_ZopeId/<id>`); whatever consumed that prefix from the incoming path must have done so
 * before traversal. A function is called each time a URL is generated and must return a valid
 * prefix. `undefined` removes it.
 *
 * @throws TypeError for a string that is not `''` or `/`-separated URL path segments.
 * @example
 * ```ts
 * koa.use(async (ctx, next) => {
 *   setUrlPrefix(ctx, () => (visitorId(ctx) ? `/_ZopeId/${visitorId(ctx)}` : ''));
 *   await next();
 * });
 * // in a view: absoluteUrl(page, ctx) === '/_ZopeId/<id>/docs/intro' once the id exists
 * ```
 */
export function setUrlPrefix(ctx: { readonly req: object }, prefix: UrlPrefix | undefined): void {
  if (prefix === undefined) {
    prefixes.delete(ctx.req);
    return;
  }
  if (typeof prefix === 'string') checkUrlPrefix(prefix);
  else if (typeof prefix !== 'function')
    throw new TypeError('setUrlPrefix: a string or a function');
  prefixes.set(ctx.req, prefix);
}

/**
 * The URL prefix of a request now (`''` when none was set): what {@link setUrlPrefix} set, or
 * what its function returns at this moment.
 *
 * @throws TypeError when a prefix function returns something that is not a valid prefix.
 * @example
 * ```ts
 * urlPrefixOf(ctx); // '/_ZopeId/<id>' or ''
 * ```
 */
export function urlPrefixOf(ctx: { readonly req: object }): string {
  const prefix = prefixes.get(ctx.req);
  if (prefix === undefined) return '';
  return typeof prefix === 'string' ? prefix : checkUrlPrefix(prefix());
}

function checkUrlPrefix(prefix: unknown): string {
  if (prefix === '' || (typeof prefix === 'string' && VALID_PREFIX.test(prefix))) return prefix;
  // The value is not quoted: it may hold a secret such as a browser id (S-23).
  throw new TypeError(
    "A URL prefix must be '' or percent-encoded /segments without a trailing slash",
  );
}
