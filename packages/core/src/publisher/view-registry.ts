import type { HttpMethod, ViewDefinition, ViewHandler, ViewLookup } from './interfaces';
import { isReservedTraversalName } from './reserved-names';

/** The name of the view called when a URL names an object and no view (Zope's default). */
export const DEFAULT_VIEW_NAME = 'index_html';

/** A class views can be registered for. */
export type ViewClass<C extends object> = abstract new (...args: never[]) => C;

/** Options of {@link ViewRegistry.register}. */
export interface ViewOptions<C extends object> {
  /** The view's name in URLs (`/doc/edit` or `/doc/@@edit`); `index_html` is the default view. */
  name: string;
  /** HTTP methods the view answers (default `['GET']`; `GET` implies `HEAD`). */
  methods?: readonly HttpMethod[];
  /** The permission the authorizer checks before the view runs (e.g. `'View'`). */
  permission: string;
  /** Accept URL segments after the view name (`ctx.zoa.subpath`); default false (404). */
  acceptsSubpath?: boolean;
  /** Produces the response body. */
  handler: ViewHandler<C>;
}

const METHODS: ReadonlySet<string> = new Set<HttpMethod>([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);
const ILLEGAL_NAME = /[/\\\x00-\x1f\x7f-\x9f<>&"']/;

/**
 * Views per class, inherited along the class chain: a view registered for `Folder` is found for
 * every subclass, and a subclass registering the same name overrides it. Only registered views
 * are published (T-06). Lookups are cached per prototype; registering clears the cache.
 *
 * @example
 * ```ts
 * const views = new ViewRegistry();
 * views.register(Document, {
 *   name: 'index_html',
 *   permission: 'View',
 *   handler: (ctx, doc) => `<h1>${escapeHtml(doc.title)}</h1>`,
 * });
 * views.lookup(someDocument, 'index_html')?.allow; // 'GET, HEAD'
 * ```
 */
export class ViewRegistry implements ViewLookup {
  private readonly own = new Map<object, Map<string, ViewDefinition>>();
  private readonly compiled = new Map<object, Map<string, ViewDefinition>>();

  /**
   * Registers a view for `cls` and its subclasses.
   *
   * @throws TypeError for a bad class, a reserved or illegal name, an empty permission, an unknown
   * method, or a name already registered for this very class
   */
  register<C extends object>(cls: ViewClass<C>, options: ViewOptions<C>): ViewDefinition {
    const proto: unknown = typeof cls === 'function' ? cls.prototype : undefined;
    if (typeof proto !== 'object' || proto === null || proto === Object.prototype) {
      throw new TypeError('registerView: views are registered for a class (not Object)');
    }
    const view = compileView(options);
    let views = this.own.get(proto);
    if (!views) {
      views = new Map();
      this.own.set(proto, views);
    }
    if (views.has(view.name)) {
      throw new TypeError(`registerView: ${cls.name} already has a view named "${view.name}"`);
    }
    views.set(view.name, view);
    this.compiled.clear();
    return view;
  }

  /** The view `name` for `context` (own class first, then its ancestors), or undefined. */
  lookup(context: object, name: string): ViewDefinition | undefined {
    const proto: unknown = Object.getPrototypeOf(context);
    if (typeof proto !== 'object' || proto === null) return undefined;
    return (this.compiled.get(proto) ?? this.compile(proto)).get(name);
  }

  /** Every view published for `context`, by name (for listings such as the ZMI's). */
  viewsOf(context: object): ReadonlyMap<string, ViewDefinition> {
    const proto: unknown = Object.getPrototypeOf(context);
    if (typeof proto !== 'object' || proto === null) return new Map();
    return this.compiled.get(proto) ?? this.compile(proto);
  }

  private compile(proto: object): Map<string, ViewDefinition> {
    const merged = new Map<string, ViewDefinition>();
    for (
      let p: object | null = proto;
      p !== null && p !== Object.prototype;
      p = Object.getPrototypeOf(p)
    ) {
      const views = this.own.get(p);
      if (!views) continue;
      for (const [name, view] of views) if (!merged.has(name)) merged.set(name, view);
    }
    this.compiled.set(proto, merged);
    return merged;
  }
}

function compileView<C extends object>(options: ViewOptions<C>): ViewDefinition {
  const { name, permission, handler } = options;
  if (typeof name !== 'string' || name === '' || name.length > 255 || ILLEGAL_NAME.test(name)) {
    throw new TypeError(`registerView: illegal view name ${JSON.stringify(name)}`);
  }
  if (isReservedTraversalName(name) || name === '.' || name === '..') {
    throw new TypeError(`registerView: "${name}" is a reserved name`);
  }
  if (typeof permission !== 'string' || permission === '') {
    throw new TypeError(`registerView: view "${name}" needs a permission`);
  }
  if (typeof handler !== 'function') {
    throw new TypeError(`registerView: view "${name}" needs a handler function`);
  }
  const requested = options.methods ?? ['GET'];
  if (requested.length === 0) throw new TypeError(`registerView: view "${name}" has no methods`);
  const methods = new Set<HttpMethod>();
  for (const method of requested) {
    if (!METHODS.has(method)) throw new TypeError(`registerView: unknown method ${String(method)}`);
    methods.add(method);
    if (method === 'GET') methods.add('HEAD');
  }
  const sorted = [...methods].sort();
  return Object.freeze({
    name,
    methods: Object.freeze(sorted),
    allow: sorted.join(', '),
    permission,
    acceptsSubpath: options.acceptsSubpath === true,
    handler: handler as ViewHandler,
  });
}

/** The registry `registerView` adds to; a site may use its own `ViewRegistry` instead. */
export const viewRegistry = new ViewRegistry();

/**
 * Registers a view in the shared {@link viewRegistry}.
 *
 * @example
 * ```ts
 * registerView(Folder, { name: 'index_html', permission: 'View', handler: listContents });
 * registerView(Folder, { name: 'add', methods: ['POST'], permission: 'Add', handler: addChild });
 * ```
 */
export function registerView<C extends object>(
  cls: ViewClass<C>,
  options: ViewOptions<C>,
): ViewDefinition {
  return viewRegistry.register(cls, options);
}
