import { Connection } from '@zoa/core';
import type { Database } from '@zoa/core';
import { isWellFormedBrowserId } from './browser-id';
import { setUrlBrowserId } from './request-browser-id';

/** What the URL namespace middleware needs to know, per database, between requests. */
export interface UrlNamespaceSettings {
  /** The browser id name (the first URL segment of the pair). */
  readonly name: string;
  /** True when `url` is one of the browser id namespaces. */
  readonly enabled: boolean;
  /** True when generated URLs carry the id (see `encodeBrowserIdInUrls`). */
  readonly autoUrlEncoding: boolean;
}

const published = new WeakMap<Database, UrlNamespaceSettings>();

/**
 * Records the URL namespace settings of a stored browser id manager for its database, so that
 * the middleware, which runs before any transaction, knows them. The manager calls it when it is
 * loaded and when a change to it commits. @internal
 */
export function publishUrlNamespace(manager: object, settings: UrlNamespaceSettings): void {
  const jar = (manager as { _p_jar?: unknown })._p_jar;
  if (jar instanceof Connection) published.set(jar.db, settings);
}

/** The URL namespace settings last published for `db`. @internal */
export function publishedUrlNamespace(db: Database): UrlNamespaceSettings | undefined {
  return published.get(db);
}

/**
 * Consumes a `/<name>/<browser id>/` pair at the start of `ctx.path` (Zope's browser id
 * traverser): when the second segment is a well-formed id, both segments are removed from the
 * path before traversal and the id is recorded for the browser id manager. Anything else leaves
 * the path alone. Returns true when a pair was consumed.
 *
 * @example
 * ```ts
 * // GET /_ZopeId/<id>/shop/cart  →  ctx.path === '/shop/cart', isBrowserIdFromUrl(ctx) === true
 * consumeUrlBrowserId(ctx, '_ZopeId');
 * ```
 */
export function consumeUrlBrowserId(
  ctx: { path: string; state?: unknown } & object,
  name: string,
): boolean {
  const path = ctx.path;
  const prefix = `/${name}/`;
  if (!path.startsWith(prefix)) return false;
  const end = path.indexOf('/', prefix.length);
  const id = path.slice(prefix.length, end < 0 ? path.length : end);
  if (!isWellFormedBrowserId(id)) return false;
  setUrlBrowserId(ctx, id);
  ctx.path = end < 0 ? '/' : path.slice(end);
  return true;
}
