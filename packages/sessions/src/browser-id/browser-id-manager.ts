import type { ExtendableContext } from 'koa';
import { classRegistry, Connection, escapeHtml, Item, objectEvents } from '@zoa/core';
import type { ObjectEvent } from '@zoa/core';
import { sessionsRuntimeOf } from '../sessions-runtime';
import { isWellFormedBrowserId, newBrowserId } from './browser-id';
import { writeBrowserIdCookie } from './browser-id-cookie';
import { BrowserIdManagerError } from './browser-id-manager-error';
import type {
  BrowserIdNamespace,
  BrowserIdSettings,
  CookieSameSite,
  CookieSecure,
} from './browser-id-settings';
import { checkBrowserIdSettings, DEFAULT_BROWSER_ID_SETTINGS } from './browser-id-settings';
import { readCookieBrowserId, readFormBrowserId } from './read-browser-id';
import { requestBrowserIdOf, urlBrowserIdOf } from './request-browser-id';
import { publishUrlNamespace } from './url-namespace';

/** The fixed id of the browser id manager, at the root of the site. */
export const BROWSER_ID_MANAGER_ID = 'browser_id_manager';

/** Options of {@link BrowserIdManager}: a title and any {@link BrowserIdSettings}. */
export type BrowserIdManagerOptions = Partial<BrowserIdSettings> & { title?: string };

/** Options of {@link BrowserIdManager.encodeUrl}. */
export interface EncodeUrlOptions {
  /** `querystring` appends `?<name>=<id>` (default); `inline` prefixes the path with `/<name>/<id>`. */
  style?: 'querystring' | 'inline';
  /** Issue an id when the request has none (default true). */
  create?: boolean;
}

const NO_BROWSER_ID = 'There is no current browser id.';

/**
 * Finds or issues the browser id of a request (Zope's Browser Id Manager, at
 * `/browser_id_manager`): the cookie by default, a form field or a `/<name>/<id>/` URL prefix
 * when those namespaces are enabled (S-21: they put the id where it leaks — in logs, referrers,
 * bookmarks). Ids are 256 random bits (S-01); the cookie is HttpOnly, SameSite=Lax, Secure on
 * https, path `/`, without domain or expiry unless configured (S-04, S-05); malformed ids are
 * ignored (S-09). Every setter validates. Methods that look at a request take the Koa context
 * first; what a request knows (its id and where it came from) lives with the request, not here.
 *
 * @example
 * ```ts
 * const bim = new BrowserIdManager({ cookieSameSite: 'Strict' });
 * const id = bim.getBrowserId(ctx); // read from the cookie, or issued (and the cookie set)
 * bim.isBrowserIdNew(ctx); // true when issued by this request
 * ```
 */
export class BrowserIdManager extends Item {
  static override readonly metaType: string = 'Browser Id Manager';

  private settings: BrowserIdSettings;

  /** Makes a manager with the fixed id `browser_id_manager`; see {@link BrowserIdSettings}. */
  constructor(options: BrowserIdManagerOptions = {}) {
    const { title = '', ...settings } = options;
    super(BROWSER_ID_MANAGER_ID, title);
    this.settings = checkBrowserIdSettings({ ...DEFAULT_BROWSER_ID_SETTINGS, ...settings });
  }

  // --- the request's browser id --------------------------------------------------------------

  /**
   * The request's browser id: one already set on the request (found, issued, or from the URL)
   * wins, then the namespaces in order; ill-formed values are ignored. Without one, a new id is
   * issued when `create` (default) — the cookie is set when cookies are a namespace — else null.
   */
  getBrowserId(ctx: ExtendableContext, options: { create?: boolean } = {}): string | null {
    const state = requestBrowserIdOf(ctx);
    if (state.id !== null) return state.id;
    if (!state.dead) {
      const { name, namespaces } = this.settings;
      const fromUrl = urlBrowserIdOf(ctx);
      if (fromUrl !== undefined && namespaces.includes('url')) {
        return this.adopt(ctx, fromUrl, 'url');
      }
      for (const namespace of namespaces) {
        const found =
          namespace === 'cookies'
            ? readCookieBrowserId(ctx.get('Cookie'), name)
            : namespace === 'form'
              ? readFormBrowserId(ctx, name)
              : undefined;
        if (found !== undefined) return this.adopt(ctx, found, namespace);
      }
    }
    return options.create === false ? null : this.issueBrowserId(ctx);
  }

  /** True when the request has a browser id (without issuing one). */
  hasBrowserId(ctx: ExtendableContext): boolean {
    return this.getBrowserId(ctx, { create: false }) !== null;
  }

  /** The name of the cookie, form variable and URL segment (default `_ZopeId`). */
  getBrowserIdName(): string {
    return this.settings.name;
  }

  /**
   * True when the id was issued during this request (the client has not sent it back yet).
   *
   * @throws BrowserIdManagerError "There is no current browser id." when there is none.
   */
  isBrowserIdNew(ctx: ExtendableContext): boolean {
    return this.currentSource(ctx) === null;
  }

  /** True when the id came from the cookie. @throws BrowserIdManagerError when there is none. */
  isBrowserIdFromCookie(ctx: ExtendableContext): boolean {
    return this.currentSource(ctx) === 'cookies';
  }

  /** True when the id came from a form field. @throws BrowserIdManagerError when there is none. */
  isBrowserIdFromForm(ctx: ExtendableContext): boolean {
    return this.currentSource(ctx) === 'form';
  }

  /** True when the id came from the URL. @throws BrowserIdManagerError when there is none. */
  isBrowserIdFromUrl(ctx: ExtendableContext): boolean {
    return this.currentSource(ctx) === 'url';
  }

  /**
   * Expires the browser id cookie on the response.
   *
   * @throws BrowserIdManagerError when cookies are not a namespace.
   */
  flushBrowserIdCookie(ctx: ExtendableContext): void {
    this.requireCookies('flushed');
    writeBrowserIdCookie(ctx, null, this.settings, this.now());
  }

  /**
   * Sets the browser id cookie to `id` on the response (the request's own id is unchanged).
   *
   * @throws BrowserIdManagerError when cookies are not a namespace or `id` is not well-formed.
   */
  setBrowserIdCookieByForce(ctx: ExtendableContext, id: string): void {
    this.requireCookies('forced');
    if (!isWellFormedBrowserId(id)) {
      throw new BrowserIdManagerError('The browser id to set is not a well-formed browser id');
    }
    writeBrowserIdCookie(ctx, id, this.settings, this.now());
  }

  /** `<input type="hidden" name="<name>" value="<id>" />`, issuing an id when needed. */
  getHiddenFormField(ctx: ExtendableContext): string {
    const id = this.getBrowserId(ctx) as string;
    return `<input type="hidden" name="${escapeHtml(this.settings.name)}" value="${id}" />`;
  }

  /**
   * `url` carrying the browser id: `?<name>=<id>` (or `&…`) before any fragment, or with
   * `style: 'inline'` the path prefixed with `/<name>/<id>` (absolute URLs keep their origin).
   * The result is a URL, not HTML: templates escape it (Zope returns `&amp;`).
   *
   * @throws BrowserIdManagerError when there is no id and `create` is false, or for a bad style.
   */
  encodeUrl(ctx: ExtendableContext, url: string, options: EncodeUrlOptions = {}): string {
    const { style = 'querystring', create = true } = options;
    if (style !== 'querystring' && style !== 'inline') {
      throw new BrowserIdManagerError(`Bad URL encoding style ${JSON.stringify(style)}`);
    }
    const id = this.getBrowserId(ctx, { create });
    if (id === null) throw new BrowserIdManagerError(NO_BROWSER_ID, { status: 500 });
    const name = encodeURIComponent(this.settings.name);
    const hash = url.indexOf('#');
    const [base, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
    if (style === 'querystring') {
      return `${base}${base.includes('?') ? '&' : '?'}${name}=${id}${fragment}`;
    }
    const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(base)?.[0] ?? '';
    const rest = base.slice(origin.length);
    return `${origin}/${name}/${id}${rest.startsWith('/') ? '' : '/'}${rest}${fragment}`;
  }

  /** True when `url` is a browser id namespace. */
  isUrlInBidNamespaces(): boolean {
    return this.settings.namespaces.includes('url');
  }

  /** Issues a new id for the request (and sets the cookie when cookies are a namespace). @internal */
  issueBrowserId(ctx: ExtendableContext): string {
    const id = newBrowserId();
    const state = requestBrowserIdOf(ctx);
    state.id = id;
    state.source = null;
    if (this.settings.namespaces.includes('cookies')) {
      writeBrowserIdCookie(ctx, id, this.settings, this.now());
    }
    return id;
  }

  /** Forgets the request's id: it is not read from the request again (invalidated). @internal */
  forgetBrowserId(ctx: ExtendableContext): void {
    const state = requestBrowserIdOf(ctx);
    state.id = null;
    state.source = null;
    state.dead = true;
  }

  // --- settings ------------------------------------------------------------------------------

  /** Every setting (a copy). */
  getSettings(): BrowserIdSettings {
    return { ...this.settings, namespaces: [...this.settings.namespaces] };
  }

  /** The settings object itself (never changed in place: a change replaces it). @internal */
  currentSettings(): Readonly<BrowserIdSettings> {
    return this.settings;
  }

  /**
   * Changes several settings at once (the ZMI's settings form): all are checked together, and
   * nothing changes when one is bad.
   *
   * @throws BrowserIdManagerError naming the first bad value.
   */
  setSettings(changes: Partial<BrowserIdSettings>): void {
    this.settings = checkBrowserIdSettings({ ...this.settings, ...changes });
    this.markChanged();
    this.publishOnCommit();
  }

  /** Sets the browser id name. @throws BrowserIdManagerError for a bad name. */
  setBrowserIdName(name: string): void {
    this.setSettings({ name });
  }

  /** The namespaces ids are looked for in, in order. */
  getBrowserIdNamespaces(): BrowserIdNamespace[] {
    return [...this.settings.namespaces];
  }

  /** Sets the namespaces (⊆ cookies, form, url). @throws BrowserIdManagerError. */
  setBrowserIdNamespaces(namespaces: readonly BrowserIdNamespace[]): void {
    this.setSettings({ namespaces: [...namespaces] });
  }

  /** The cookie's `Path` (default `/`). */
  getCookiePath(): string {
    return this.settings.cookiePath;
  }

  /** Sets the cookie path. @throws BrowserIdManagerError for a bad path. */
  setCookiePath(cookiePath: string): void {
    this.setSettings({ cookiePath });
  }

  /** The cookie's `Domain`; '' (the default) sends none. */
  getCookieDomain(): string {
    return this.settings.cookieDomain;
  }

  /** Sets the cookie domain ('' for none). @throws BrowserIdManagerError for a bad domain. */
  setCookieDomain(cookieDomain: string): void {
    this.setSettings({ cookieDomain });
  }

  /** The cookie's lifetime in days; 0 (the default) is a browser-session cookie. */
  getCookieLifeDays(): number {
    return this.settings.cookieLifeDays;
  }

  /** Sets the cookie lifetime in days (0: browser session). @throws BrowserIdManagerError. */
  setCookieLifeDays(cookieLifeDays: number): void {
    this.setSettings({ cookieLifeDays });
  }

  /** When the cookie is Secure: `auto` (on https, the default) or `always`. */
  getCookieSecure(): CookieSecure {
    return this.settings.cookieSecure;
  }

  /** Sets when the cookie is Secure (`auto`: on https; `always`). @throws BrowserIdManagerError. */
  setCookieSecure(cookieSecure: CookieSecure | boolean): void {
    this.setSettings({ cookieSecure: cookieSecure as CookieSecure });
  }

  /** True when the cookie is HttpOnly (the default). */
  getCookieHttpOnly(): boolean {
    return this.settings.cookieHttpOnly;
  }

  /** Sets the cookie's HttpOnly flag. @throws BrowserIdManagerError for a non-boolean. */
  setCookieHttpOnly(cookieHttpOnly: boolean): void {
    this.setSettings({ cookieHttpOnly });
  }

  /** The cookie's SameSite (default `Lax`). */
  getCookieSameSite(): CookieSameSite {
    return this.settings.cookieSameSite;
  }

  /** Sets SameSite (None requires Secure always). @throws BrowserIdManagerError. */
  setCookieSameSite(cookieSameSite: CookieSameSite): void {
    this.setSettings({ cookieSameSite });
  }

  /**
   * True when generated URLs carry the id, as a `/<name>/<id>` prefix, once the request has one
   * and `url` is a namespace (see `encodeBrowserIdInUrls` and docs/sessions.md).
   */
  getAutoUrlEncoding(): boolean {
    return this.settings.autoUrlEncoding;
  }

  /** Sets auto URL encoding. @throws BrowserIdManagerError for a non-boolean. */
  setAutoUrlEncoding(autoUrlEncoding: boolean): void {
    this.setSettings({ autoUrlEncoding });
  }

  /** True when unknown ids select no session data and are replaced (S-08, the default). */
  isStrict(): boolean {
    return this.settings.strict;
  }

  /** Turns strict mode on or off (off: Zope's behaviour, any well-formed id is adopted). */
  setStrict(strict: boolean): void {
    this.setSettings({ strict });
  }

  /** Loads the stored state, and tells the URL namespace middleware its settings. */
  override setState(state: Record<string, unknown>): void {
    super.setState(state);
    this.publish();
  }

  // --- internals -----------------------------------------------------------------------------

  private adopt(ctx: ExtendableContext, id: string, source: BrowserIdNamespace): string {
    const state = requestBrowserIdOf(ctx);
    state.id = id;
    state.source = source;
    return id;
  }

  private currentSource(ctx: ExtendableContext): BrowserIdNamespace | null {
    if (this.getBrowserId(ctx, { create: false }) === null) {
      throw new BrowserIdManagerError(NO_BROWSER_ID, { status: 500 });
    }
    return requestBrowserIdOf(ctx).source;
  }

  private requireCookies(what: string): void {
    if (!this.settings.namespaces.includes('cookies')) {
      throw new BrowserIdManagerError(
        'Cookies are not now being used as a browser id namespace, thus the browserid cookie ' +
          `cannot be ${what}.`,
      );
    }
  }

  private now(): number {
    return sessionsRuntimeOf(this).clock();
  }

  private publish(): void {
    publishUrlNamespace(this, {
      name: this.settings.name,
      enabled: this.isUrlInBidNamespaces(),
      autoUrlEncoding: this.settings.autoUrlEncoding,
    });
  }

  private publishOnCommit(): void {
    const jar = this._p_jar;
    if (jar instanceof Connection) {
      jar.transaction.addAfterCommitHook((committed) => committed && this.publish());
    }
  }
}

classRegistry.register('BrowserIdManager', BrowserIdManager);

/** Zope's `_setId`: a browser id manager keeps its id (it is found by it). */
function refuseRename(target: Item, event: ObjectEvent): void {
  if (target !== event.object || !(target instanceof BrowserIdManager)) return;
  if (event.newName !== undefined && event.newName !== BROWSER_ID_MANAGER_ID) {
    throw new BrowserIdManagerError('Cannot rename a browser id manager');
  }
}

objectEvents.subscribe(refuseRename, { types: ['will-add', 'will-move'] });
