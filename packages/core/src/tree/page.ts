import nunjucks from '../views/nunjucks';
import { classRegistry } from '../persistence/class-registry';
import { checkContentType } from './content-type';
import { checkPageSource, safeLookup } from './check-page-source';
import type { Item } from './item';
import { PropertyManager } from './property-manager';
import type { PropertyDefinition, PropertyValue } from './property-types';

/** Request facts a Page may see; whatever else the caller's object has is dropped. */
export interface PageRequestFacts {
  readonly method?: string;
  readonly url?: string;
  readonly path?: string;
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  /** The name of the authenticated user, or null for anonymous. */
  readonly user?: string | null;
}

/** What the caller of {@link Page.render} exposes to the template. */
export interface PageRenderContext {
  /** The object the page is rendered for, `context` in the template (default: the page's container, or the page). */
  readonly context?: Item;
  /** Safe facts about the request, `request` in the template. */
  readonly request?: PageRequestFacts;
  /** Functions the template may call, `helpers` in the template (e.g. `helpers.absoluteUrl(context)`). */
  readonly helpers?: Readonly<Record<string, (...args: never[]) => unknown>>;
  /** Extra values, `options` in the template (Zope's `options`). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** Options of {@link Page}. */
export interface PageOptions {
  title?: string;
  /** The media type of the rendered text (default `text/html; charset=utf-8`). */
  contentType?: string;
}

/** One loader-less environment: no file system, autoescape on. */
const environment = new nunjucks.Environment([], { autoescape: true, throwOnUndefined: false });
environment.addGlobal('lookup', safeLookup);

function pickRequestFacts(request: PageRequestFacts | undefined): PageRequestFacts {
  if (!request) return Object.freeze({});
  const query: Record<string, string | readonly string[]> = Object.create(null) as Record<
    string,
    string
  >;
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (typeof value === 'string') query[key] = value;
    else if (Array.isArray(value))
      query[key] = Object.freeze(value.filter((v) => typeof v === 'string'));
  }
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : undefined;
  return Object.freeze({
    method: text(request.method),
    url: text(request.url),
    path: text(request.path),
    query: Object.freeze(query),
    user: typeof request.user === 'string' ? request.user : null,
  });
}

/**
 * A page whose nunjucks template source is stored in the tree (in the manner of Zope's Page
 * Templates). {@link render} runs it with autoescape on, in an environment without a loader,
 * exposing only `context` (the object), `template` (this page), `request` (safe facts picked from
 * what the caller passes), `helpers` and `options` given by the caller, and `lookup(obj, key)` —
 * never Node modules, `process` or the file system.
 *
 * **Security:** nunjucks is not a sandbox. A Page's source is trusted code: changing it
 * ({@link setSource}, creating a Page) must be a Manager-only operation. `checkPageSource` refuses
 * the known ways from a template to `Function` as defence in depth, not as a guarantee.
 *
 * @example
 * ```ts
 * const page = new Page('index_html', '<h1>{{ context.title }}</h1>');
 * await page.render({ context: folder }); // '<h1>News &amp; events</h1>'
 * ```
 */
export class Page extends PropertyManager {
  static override readonly metaType: string = 'Page';
  static override readonly icon: string = 'page.svg';
  static override readonly properties: readonly PropertyDefinition[] = [
    ...PropertyManager.properties,
    { id: 'contentType', type: 'string', mode: 'w', label: 'Content type' },
  ];

  /** The nunjucks source. */
  source: string;
  /** The media type of the rendered text. */
  contentType: string;
  /** The compiled template, with the source it was compiled from (volatile). */
  declare _v_compiled: { source: string; template: nunjucks.Template } | undefined;

  /**
   * Makes a page. Creating one is a Manager-only operation (its source is trusted code).
   *
   * @throws BadRequestError when the source is refused by `checkPageSource` or the content type
   * is invalid.
   */
  constructor(id: string, source = '', options: PageOptions = {}) {
    super(id, options.title ?? '');
    checkPageSource(source);
    this.source = source;
    this.contentType = checkContentType(options.contentType ?? 'text/html; charset=utf-8');
  }

  /** The size of the source in bytes. */
  override getSize(): number {
    return Buffer.byteLength(this.source, 'utf8');
  }

  /**
   * Replaces the template source. **Manager-only**: the source is trusted code (nunjucks is not a
   * sandbox); the ZMI and any API calling this must require the Manager role.
   *
   * @throws BadRequestError when `checkPageSource` refuses the source.
   */
  setSource(source: string): void {
    checkPageSource(source);
    this.source = source;
    this.markChanged();
  }

  /**
   * Renders the template with autoescape on (see the class notes for what it can see).
   *
   * @throws BadRequestError when the stored source is refused; the template's own errors as is.
   */
  async render(renderContext: PageRenderContext = {}): Promise<string> {
    const template = this.compiled();
    return template.render({
      context: renderContext.context ?? this.__parent__ ?? this,
      template: this,
      request: pickRequestFacts(renderContext.request),
      helpers: Object.freeze({ ...renderContext.helpers }),
      options: Object.freeze({ ...renderContext.options }),
    });
  }

  protected override checkProperty(id: string, value: PropertyValue): void {
    if (id === 'contentType') checkContentType(String(value));
  }

  private compiled(): nunjucks.Template {
    if (this._v_compiled?.source !== this.source) {
      checkPageSource(this.source);
      this._v_compiled = {
        source: this.source,
        template: nunjucks.compile(this.source, environment),
      };
    }
    return this._v_compiled.template;
  }
}

classRegistry.register('Page', Page);
