import type {
  HttpMethod,
  PublisherContext,
  ViewDefinition,
  ViewHandler,
  ViewLookup,
} from '../publisher/interfaces';
import type { ViewClass } from '../publisher/view-registry';
import { requireCsrf } from '../security/csrf';
import { setManagementHeaders } from '../security/management-headers';

/** A tab of the ZMI (Zope's `manage_options` entry). */
export interface ManageTab {
  /** The text of the tab, such as `Contents` or `Properties`. */
  readonly label: string;
  /** Where it goes among the object's tabs (ascending; Contents 10, Properties 20, ...). */
  readonly order: number;
}

/** What {@link registerManageScreen} needs: a `ViewRegistry`, or anything with its `register`. */
export interface ManageScreenRegistrar {
  register<C extends object>(
    cls: ViewClass<C>,
    options: {
      name: string;
      methods?: readonly HttpMethod[];
      permission: string;
      acceptsSubpath?: boolean;
      handler: ViewHandler<C>;
    },
  ): ViewDefinition;
}

/** Options of {@link registerManageScreen}. */
export interface ManageScreenOptions<C extends object> {
  /** The view name, `manage_*` by convention. */
  name: string;
  /** `['GET']` (a screen, the default), `['POST']` (an action) or both; POSTs are CSRF-checked. */
  methods?: readonly ('GET' | 'POST')[];
  /** The permission the view needs (`View management screens` for screens). */
  permission: string;
  /** Show the screen as a tab of every object of the class (and its subclasses). */
  tab?: ManageTab;
  handler: ViewHandler<C>;
}

const tabs = new WeakMap<ViewDefinition, ManageTab>();

/**
 * Registers a ZMI screen or action for a class and its subclasses (a subclass registering the
 * same name overrides it, tab included). Every response gets the management headers (M-08,
 * M-09: no framing, `nosniff`, `no-store`, a same-origin CSP); a POST view runs only after the
 * CSRF check (M-01, M-02: `requireCsrf`) and no GET view may change anything (M-03). With
 * `tab`, the screen appears among the object's tabs, for users who hold its permission.
 *
 * @throws TypeError as `ViewRegistry.register` does, or for a method other than GET and POST
 * @example
 * ```ts
 * registerManageScreen(views, Invoice, {
 *   name: 'manage_main',
 *   permission: VIEW_MANAGEMENT_SCREENS,
 *   tab: { label: 'Edit', order: 10 },
 *   handler: (ctx, invoice) => renderZmiPage(ctx, invoice, 'shop/invoice.njk', { invoice }),
 * });
 * ```
 */
export function registerManageScreen<C extends object>(
  views: ManageScreenRegistrar,
  cls: ViewClass<C>,
  options: ManageScreenOptions<C>,
): ViewDefinition {
  const methods = options.methods ?? ['GET'];
  if (methods.some((method) => method !== 'GET' && method !== 'POST')) {
    throw new TypeError(`registerManageScreen: ${options.name} may only answer GET or POST`);
  }
  const checked = requireCsrf(options.handler);
  const handler: ViewHandler<C> = (ctx, context) => {
    setManagementHeaders(ctx);
    return ctx.method === 'POST' ? checked(ctx, context) : options.handler(ctx, context);
  };
  const view = views.register(cls, {
    name: options.name,
    methods,
    permission: options.permission,
    handler,
  });
  if (options.tab !== undefined) tabs.set(view, Object.freeze({ ...options.tab }));
  return view;
}

/** One tab as the layout shows it. */
export interface ManageTabLink {
  readonly label: string;
  /** The view name the tab opens. */
  readonly view: string;
  readonly active: boolean;
}

/** A view lookup that can list every view of an object (`ViewRegistry` can). */
interface ListingViews extends ViewLookup {
  viewsOf(context: object): ReadonlyMap<string, ViewDefinition>;
}

function canList(views: ViewLookup): views is ListingViews {
  return typeof (views as Partial<ListingViews>).viewsOf === 'function';
}

/**
 * The tabs of `context` for this request: the screens registered with a tab for its class or
 * an ancestor, in tab order, that the user may see (`allowed(permission)`); `active` marks the
 * tab named `current`.
 *
 * @example
 * ```ts
 * manageTabsOf(ctx.zoa.app.views, folder, 'manage_main', (p) => hasPermission(ctx, p));
 * ```
 */
export function manageTabsOf(
  views: ViewLookup,
  context: object,
  current: string,
  allowed: (permission: string) => boolean,
): ManageTabLink[] {
  if (!canList(views)) return [];
  const found: { tab: ManageTab; view: string }[] = [];
  for (const [name, view] of views.viewsOf(context)) {
    const tab = tabs.get(view);
    if (tab !== undefined && allowed(view.permission)) found.push({ tab, view: name });
  }
  found.sort((a, b) => a.tab.order - b.tab.order || a.tab.label.localeCompare(b.tab.label));
  return found.map(({ tab, view }) => ({ label: tab.label, view, active: view === current }));
}

/**
 * The first tab of `context` the user may open (its `manage_main` in practice), or undefined.
 *
 * @example
 * ```ts
 * const view = firstManageView(ctx, child, (p) => hasPermission(ctx, p)) ?? 'manage_main';
 * ```
 */
export function firstManageView(
  ctx: PublisherContext,
  context: object,
  allowed: (permission: string) => boolean,
): string | undefined {
  return manageTabsOf(ctx.zoa.app.views, context, '', allowed)[0]?.view;
}
