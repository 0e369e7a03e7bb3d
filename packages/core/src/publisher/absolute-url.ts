/** An object that knows its path in the tree (every `Item` does). */
export interface Locatable {
  /** Ids from the root (`''`) to the object, e.g. `['', 'docs', 'intro']`. */
  getPhysicalPath(): readonly string[];
}

/**
 * The URL path of an object from its physical path, each id percent-encoded: `/` for the root,
 * `/docs/my%20page` below it (no trailing slash, as Zope's `absolute_url`).
 *
 * @example
 * ```ts
 * urlPathOf(page); // '/docs/my%20page'
 * ```
 */
export function urlPathOf(object: Locatable): string {
  const ids = object.getPhysicalPath();
  if (ids.length <= 1) return '/';
  let path = '';
  for (let i = 1; i < ids.length; i += 1) path += `/${encodeURIComponent(ids[i] as string)}`;
  return path;
}

/**
 * The absolute URL of an object of the tree for the current request: the request's base URL
 * (see `requestBaseUrl`; `''` when no host is trusted, making the URL origin-relative, and then
 * the request's URL prefix, if any: see `setUrlPrefix`) followed by {@link urlPathOf}. Zope's
 * `absolute_url()`.
 *
 * @throws TypeError when the object has no physical path (it is not an `Item`)
 * @example
 * ```ts
 * const link = `<a href="${escapeHtml(absoluteUrl(child, ctx))}">`;
 * ```
 */
export function absoluteUrl(object: object, ctx: { zoa: { baseUrl: string } }): string {
  if (typeof (object as Partial<Locatable>).getPhysicalPath !== 'function') {
    throw new TypeError('absoluteUrl: the object has no physical path');
  }
  return ctx.zoa.baseUrl + urlPathOf(object as Locatable);
}
