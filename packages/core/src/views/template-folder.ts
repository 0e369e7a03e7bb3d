import nunjucks from './nunjucks';

/** Renders the nunjucks templates of one folder (a product's or a site's public templates). */
export interface TemplateFolder {
  /** Renders `name` (a file in the folder) with `data`; autoescape is on. */
  render(name: string, data: Readonly<Record<string, unknown>>): string;
}

/**
 * Templates from a folder on disk, for a product's or a site's public pages: nunjucks with
 * autoescape on (values are escaped unless a template marks them `| safe`, which it must never
 * do with data), compiled once and cached. Templates on disk are code of the site, unlike a
 * `Page` stored in the tree.
 *
 * @example
 * ```ts
 * const templates = templateFolder(path.join(__dirname, 'templates'));
 * registerView(Catalogue, {
 *   name: 'index_html',
 *   permission: 'View',
 *   handler: async (ctx, catalogue) => templates.render('catalogue.njk', { catalogue }),
 * });
 * ```
 */
export function templateFolder(
  dir: string,
  globals: Readonly<Record<string, unknown>> = {},
): TemplateFolder {
  const environment = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(dir, { noCache: false }),
    {
      autoescape: true,
      throwOnUndefined: false,
    },
  );
  for (const [name, value] of Object.entries(globals)) environment.addGlobal(name, value);
  return { render: (name, data) => environment.render(name, data) };
}
