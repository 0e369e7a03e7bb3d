import { Persistent } from '../persistence/persistent';
import type { PublisherContext } from '../publisher/interfaces';
import { csrfToken } from '../security/csrf';
import { hasPermission } from '../security/has-permission';
import { principalOf } from '../security/request-security';
import { Item } from '../tree/item';
import { iconUrlOf } from './icon-url';
import type { ManageTabLink } from './manage-screen';
import { manageTabsOf } from './manage-screen';
import { STATIC_VIEW, staticVersion } from './zmi-static';
import { zmiTemplates } from './zmi-templates';

/** The query parameters a screen shows after an action (Zope's `manage_tabs_message`). */
export const MESSAGE_PARAM = 'manage_tabs_message';
/** The same for an action that failed. */
export const ERROR_PARAM = 'manage_tabs_error';

/** The CSP of ZMI pages: the management headers' one, plus `data:` images (product icons). */
export const ZMI_CSP =
  "frame-ancestors 'none'; default-src 'self'; img-src 'self' data:; object-src 'none'; " +
  "base-uri 'none'; form-action 'self'";

const MAX_MESSAGE = 1000;

/** Options of {@link renderZmiPage}. */
export interface ZmiPageOptions {
  /** The tab to mark active (default: the view's own name). */
  tab?: string;
  /** The page title (default: the object's title or id). */
  title?: string;
  /** A success message (default: the `manage_tabs_message` query parameter). */
  message?: string;
  /** An error message, shown above the screen (default: the `manage_tabs_error` parameter). */
  error?: string;
  /** The status (default 200; a form shown again after a refused action uses 400). */
  status?: number;
}

/** A link of the breadcrumbs. */
export interface Breadcrumb {
  readonly id: string;
  readonly title: string;
  readonly url: string;
}

/**
 * Renders a ZMI screen of `context` with the layout (`zmi/layout.njk`): the header (site title,
 * user, logout form), breadcrumbs, the object's tabs, the status message and the CSRF token for
 * the page's forms (`csrfToken` in every template). Sets the HTML type and the ZMI's CSP; data
 * is escaped by the templates (autoescape).
 *
 * @example
 * ```ts
 * handler: (ctx, folder) => renderZmiPage(ctx, folder, 'zmi/contents.njk', { items }),
 * ```
 */
export async function renderZmiPage(
  ctx: PublisherContext,
  context: object,
  template: string,
  data: Readonly<Record<string, unknown>> = {},
  options: ZmiPageOptions = {},
): Promise<string> {
  const layout = await zmiLayoutData(ctx, context, options);
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Content-Security-Policy', ZMI_CSP);
  if (options.status !== undefined) ctx.status = options.status;
  return zmiTemplates.render(template, { ...layout, ...data });
}

/**
 * The values every ZMI template gets (see {@link renderZmiPage}).
 *
 * @example
 * ```ts
 * const { csrfToken, breadcrumbs } = await zmiLayoutData(ctx, folder);
 * ```
 */
export async function zmiLayoutData(
  ctx: PublisherContext,
  context: object,
  options: ZmiPageOptions = {},
): Promise<Record<string, unknown>> {
  const root = ctx.zoa.root;
  for (const parent of ctx.zoa.parents) {
    if (parent instanceof Persistent) await parent.activate();
  }
  const rootUrl = trimSlash(urlOf(ctx, root));
  const staticUrl = `${rootUrl}/${STATIC_VIEW}/${staticVersion()}`;
  const allowed = (permission: string): boolean => hasPermission(ctx, permission);
  const tabs = manageTabsOf(ctx.zoa.app.views, context, options.tab ?? ctx.zoa.viewName, allowed);
  const contextUrl = trimSlash(urlOf(ctx, context));
  const item = context instanceof Item ? context : undefined;
  const query = ctx.zoa.query;
  const message = options.message ?? shorten(query.getString(MESSAGE_PARAM));
  const error = options.error ?? shorten(query.getString(ERROR_PARAM));
  return {
    site: {
      title: root instanceof Item ? root.title || 'Zoa' : 'Zoa',
      url: rootUrl,
      staticUrl,
      manageUrl: `${rootUrl}/manage_main`,
    },
    user: principalOf(ctx)?.name,
    csrfToken: csrfToken(ctx),
    logoutAction: `${rootUrl}/logout`,
    breadcrumbs: breadcrumbsOf(ctx),
    tabs: tabs.map((tab: ManageTabLink) => ({ ...tab, url: `${contextUrl}/${tab.view}` })),
    context: {
      id: item?.id ?? '',
      title: item?.title ?? '',
      metaType: item?.metaType ?? '',
      icon: item ? iconUrlOf(item, staticUrl) : `${staticUrl}/icons/item.svg`,
      url: contextUrl,
      path: item?.getPath() ?? '/',
      isRoot: context === root,
    },
    pageTitle: options.title ?? (item ? item.titleOrId() || '/' : 'Zoa'),
    message,
    error,
  };
}

/** The breadcrumbs from the root to the context (ids and titles, escaped by the templates). */
function breadcrumbsOf(ctx: PublisherContext): Breadcrumb[] {
  const crumbs: Breadcrumb[] = [];
  for (const obj of [...ctx.zoa.parents].reverse()) {
    if (!(obj instanceof Item)) continue;
    const isRoot = obj === ctx.zoa.root;
    crumbs.push({
      id: isRoot ? '' : obj.id,
      title: isRoot ? obj.title || 'Zoa' : obj.title,
      url: `${trimSlash(urlOf(ctx, obj))}/manage_main`,
    });
  }
  return crumbs;
}

/**
 * The object's URL (origin-relative when no host is trusted); `/` for the root.
 *
 * @example
 * ```ts
 * urlOf(ctx, page); // '/docs/intro'
 * ```
 */
export function urlOf(ctx: PublisherContext, obj: object): string {
  try {
    return ctx.zoa.absoluteUrl(obj);
  } catch {
    return `${ctx.zoa.baseUrl}/`;
  }
}

function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

function shorten(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}
