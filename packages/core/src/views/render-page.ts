import type { PublisherContext } from '../publisher/interfaces';
import { principalOf } from '../security/request-security';
import type { Item } from '../tree/item';
import type { Page } from '../tree/page';

/**
 * Renders a stored {@link Page} for a request: `context` in the template is `context` (default the
 * page's container), `request` holds safe facts (method, url, path, query, user name),
 * `helpers.absoluteUrl(obj)` builds URLs, and `options` carries what the view computed. Sets the
 * page's content type.
 *
 * @example
 * ```ts
 * registerView(Catalogue, {
 *   name: 'index_html',
 *   permission: 'View',
 *   handler: async (ctx, catalogue) =>
 *     renderPage(ctx, await catalogue.template(), { options: { products: await catalogue.list() } }),
 * });
 * ```
 */
export async function renderPage(
  ctx: PublisherContext,
  page: Page,
  extra: { context?: Item; options?: Readonly<Record<string, unknown>> } = {},
): Promise<string> {
  const query: Record<string, string | readonly string[]> = {};
  for (const name of ctx.zoa.query.keys()) {
    const values = ctx.zoa.query.getAll(name);
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  const html = await page.render({
    ...(extra.context ? { context: extra.context } : {}),
    request: {
      method: ctx.method,
      url: ctx.zoa.url,
      path: ctx.path,
      query,
      user: principalOf(ctx)?.name ?? null,
    },
    helpers: { absoluteUrl: (obj: object) => ctx.zoa.absoluteUrl(obj) },
    options: extra.options ?? {},
  });
  ctx.type = page.contentType;
  return html;
}
