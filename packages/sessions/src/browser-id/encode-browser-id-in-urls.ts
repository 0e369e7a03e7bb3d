import type { ExtendableContext } from 'koa';
import { setUrlPrefix, urlPrefixOf } from '@zoa/core';
import { isWellFormedBrowserId } from './browser-id';
import { knownBrowserIdOf } from './request-browser-id';

/**
 * Auto URL encoding (Zope's `auto_url_encoding`): from now on, URLs generated for this request —
 * `ctx.zoa.baseUrl`, `ctx.zoa.url`, `absoluteUrl` — start with `/<name>/<id>` whenever the request
 * has a browser id: the one its URL carried, or one found, issued or adopted while it runs (an id
 * issued mid-request shows in URLs generated afterwards). It never issues an id itself (S-24).
 * The sessions middleware call it when `url` is a namespace and auto URL encoding is on.
 *
 * @example
 * ```ts
 * encodeBrowserIdInUrls(ctx, '_ZopeId');
 * // in a view, once ctx.session() ran: absoluteUrl(page, ctx) === '/_ZopeId/<id>/docs/page'
 * ```
 */
export function encodeBrowserIdInUrls(ctx: ExtendableContext, name: string): void {
  const segment = `/${encodeURIComponent(name)}/`;
  setUrlPrefix(ctx, () => {
    const id = knownBrowserIdOf(ctx);
    return id === null ? '' : `${segment}${id}`;
  });
}

/**
 * After the response is decided: gives an origin-relative redirect (`Location: /path`, such as the
 * publisher's trailing-slash redirect or a `came_from` path) the request's current URL prefix.
 * A `/<name>/<id>` pair the location already starts with is replaced: after a login rotated the
 * id (S-11), or an invalidation ended it, the old id must not travel on. Other redirects (to
 * another origin, or absolute URLs, which are built on `baseUrl` already) are left alone.
 *
 * @example
 * ```ts
 * await next();
 * prefixRedirectLocation(ctx, '_ZopeId'); // Location: /docs/ → /_ZopeId/<id>/docs/
 * ```
 */
export function prefixRedirectLocation(ctx: ExtendableContext, name: string): void {
  if (ctx.status < 300 || ctx.status > 399) return;
  const location = ctx.response.get('Location');
  if (typeof location !== 'string' || !/^\/(?![/\\])/.test(location)) return;
  const prefix = urlPrefixOf(ctx);
  const rest = withoutIdPair(location, `/${encodeURIComponent(name)}/`);
  const target = `${prefix}${rest}`;
  if (target !== location) ctx.set('Location', target);
}

/** `location` without a leading `/<name>/<well-formed id>` pair (`/` when nothing follows). */
function withoutIdPair(location: string, segment: string): string {
  if (!location.startsWith(segment)) return location;
  const end = location.slice(segment.length).search(/[/?#]/);
  const idEnd = end < 0 ? location.length : segment.length + end;
  if (!isWellFormedBrowserId(location.slice(segment.length, idEnd))) return location;
  const rest = location.slice(idEnd);
  return rest.startsWith('/') ? rest : `/${rest}`;
}
