import { BrowserIdManagerError } from './browser-id-manager-error';

/** Where a browser id may come from: the cookie, a form or query field, or the URL path. */
export type BrowserIdNamespace = 'cookies' | 'form' | 'url';

/** The cookie's `SameSite` attribute. */
export type CookieSameSite = 'Lax' | 'Strict' | 'None';

/** When the cookie gets `Secure`: on https requests (`auto`), or always. */
export type CookieSecure = 'auto' | 'always';

/** Every setting of a browser id manager; see {@link BrowserIdManager} for their meaning. */
export interface BrowserIdSettings {
  /** Cookie name, form variable and URL segment (default `_ZopeId`). */
  readonly name: string;
  /** Where ids are looked for, in order (default cookies only, S-21). */
  readonly namespaces: readonly BrowserIdNamespace[];
  readonly cookiePath: string;
  /** Empty (the default) sends no `Domain` attribute: the cookie stays on this host. */
  readonly cookieDomain: string;
  /** 0 (default): a browser-session cookie (S-05); else it expires after this many days. */
  readonly cookieLifeDays: number;
  readonly cookieSecure: CookieSecure;
  readonly cookieHttpOnly: boolean;
  readonly cookieSameSite: CookieSameSite;
  /** Generated URLs carry the id (needs the `url` namespace). */
  readonly autoUrlEncoding: boolean;
  /** Ids the server holds no session for select nothing and are replaced (S-08; default on). */
  readonly strict: boolean;
}

/** The defaults: Zope's, with Zoa's secure departures (cookies only, HttpOnly, Lax, strict). */
export const DEFAULT_BROWSER_ID_SETTINGS: Readonly<BrowserIdSettings> = Object.freeze({
  name: '_ZopeId',
  namespaces: Object.freeze(['cookies'] as BrowserIdNamespace[]),
  cookiePath: '/',
  cookieDomain: '',
  cookieLifeDays: 0,
  cookieSecure: 'auto',
  cookieHttpOnly: true,
  cookieSameSite: 'Lax',
  autoUrlEncoding: false,
  strict: true,
});

const NAMESPACES: readonly string[] = ['cookies', 'form', 'url'];
/** RFC 7230 token characters, without Zope's forbidden `&` and `?`, and without `%`. */
const NAME = /^[!#$'*+\-.^_`|~0-9A-Za-z]{1,128}$/;
/** Zope's `badcookiecharsin` (`;,<>&` and space) plus control and non-ASCII characters. */
const BAD_COOKIE_CHARS = /[;,<>&\s\x00-\x1f\x7f-\uffff]/;
/** Zope's rule: a domain holds at least two dots (".example.com", "www.example.com"). */
const TWO_DOTS = /(\w*\.){2,}/;

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function fail(message: string): never {
  throw new BrowserIdManagerError(message);
}

/**
 * Checks a browser id name: a cookie-name token of 1 to 128 characters, none of Zope's forbidden
 * `?&;,<>` or spaces, no `=`, `%`, `/`, quotes or control characters.
 *
 * @throws BrowserIdManagerError `Bad id name string "<name>"`.
 */
export function checkBrowserIdName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) fail(`Bad id name string ${show(name)}`);
  return name;
}

/**
 * Checks a list of namespaces: a non-empty array of distinct `cookies`, `form`, `url`.
 *
 * @throws BrowserIdManagerError `Bad browser id namespace "<ns>"`.
 */
export function checkBrowserIdNamespaces(namespaces: unknown): BrowserIdNamespace[] {
  if (!Array.isArray(namespaces) || namespaces.length === 0) {
    fail(`Bad browser id namespaces ${show(namespaces)} (a list of cookies, form, url)`);
  }
  const seen = new Set<string>();
  for (const namespace of namespaces as unknown[]) {
    if (typeof namespace !== 'string' || !NAMESPACES.includes(namespace)) {
      fail(`Bad browser id namespace ${show(namespace)}`);
    }
    if (seen.has(namespace)) fail(`Browser id namespace ${show(namespace)} is listed twice`);
    seen.add(namespace);
  }
  return [...seen] as BrowserIdNamespace[];
}

/**
 * Checks a cookie path: starts with `/`, without `;,<>&`, spaces or control characters.
 *
 * @throws BrowserIdManagerError `Bad cookie path "<path>"`.
 */
export function checkCookiePath(path: unknown): string {
  if (typeof path !== 'string' || !path.startsWith('/') || BAD_COOKIE_CHARS.test(path)) {
    fail(`Bad cookie path ${show(path)}`);
  }
  return path;
}

/**
 * Checks a cookie domain: empty, or with at least two dots and none of `;,<>&` or spaces.
 *
 * @throws BrowserIdManagerError with Zope's messages.
 */
export function checkCookieDomain(domain: unknown): string {
  if (typeof domain !== 'string') fail(`Cookie domain must be string: ${show(domain)}`);
  if (domain === '') return '';
  if (!TWO_DOTS.test(domain)) {
    fail(
      'Cookie domain must contain at least two dots (e.g. ".zope.org" or "www.zope.org") or it ' +
        `must be left blank. : ${show(domain)}`,
    );
  }
  if (BAD_COOKIE_CHARS.test(domain)) fail(`Bad characters in cookie domain ${show(domain)}`);
  return domain;
}

/**
 * Checks a cookie lifetime: a non-negative integer number of days (0 = browser session).
 *
 * @throws BrowserIdManagerError `Bad cookie lifetime in days ...`.
 */
export function checkCookieLifeDays(days: unknown): number {
  if (!Number.isInteger(days) || (days as number) < 0 || (days as number) > 400) {
    fail(`Bad cookie lifetime in days ${show(days)} (requires an integer from 0 to 400)`);
  }
  return days as number;
}

/**
 * Checks the Secure mode: `auto` or `always` (also `false` / `true`, Zope's boolean).
 *
 * @throws BrowserIdManagerError for anything else.
 */
export function checkCookieSecure(secure: unknown): CookieSecure {
  if (secure === true || secure === 'always') return 'always';
  if (secure === false || secure === 'auto') return 'auto';
  return fail(`Bad cookie secure setting ${show(secure)} (auto or always)`);
}

/**
 * Checks a SameSite value: `Lax`, `Strict` or `None`.
 *
 * @throws BrowserIdManagerError for anything else.
 */
export function checkCookieSameSite(sameSite: unknown): CookieSameSite {
  if (sameSite === 'Lax' || sameSite === 'Strict' || sameSite === 'None') return sameSite;
  return fail(`Bad cookie SameSite value ${show(sameSite)} (Lax, Strict or None)`);
}

/**
 * Checks a yes/no setting.
 *
 * @throws BrowserIdManagerError when `value` is not a boolean.
 */
export function checkFlag(what: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(`${what} must be true or false, not ${show(value)}`);
  return value;
}

/**
 * Checks every setting and the rules between them: `SameSite=None` and the `__Secure-` /
 * `__Host-` name prefixes need Secure always; `__Host-` also needs path `/` and no domain
 * (browsers drop such cookies otherwise).
 *
 * @throws BrowserIdManagerError naming the first problem.
 */
export function checkBrowserIdSettings(settings: BrowserIdSettings): BrowserIdSettings {
  const checked: BrowserIdSettings = {
    name: checkBrowserIdName(settings.name),
    namespaces: checkBrowserIdNamespaces(settings.namespaces),
    cookiePath: checkCookiePath(settings.cookiePath),
    cookieDomain: checkCookieDomain(settings.cookieDomain),
    cookieLifeDays: checkCookieLifeDays(settings.cookieLifeDays),
    cookieSecure: checkCookieSecure(settings.cookieSecure),
    cookieHttpOnly: checkFlag('Cookie HttpOnly', settings.cookieHttpOnly),
    cookieSameSite: checkCookieSameSite(settings.cookieSameSite),
    autoUrlEncoding: checkFlag('Auto URL encoding', settings.autoUrlEncoding),
    strict: checkFlag('Strict browser ids', settings.strict),
  };
  const always = checked.cookieSecure === 'always';
  if (checked.cookieSameSite === 'None' && !always) {
    fail('SameSite=None requires the Secure attribute: set cookie secure to "always"');
  }
  if (/^__(Secure|Host)-/i.test(checked.name) && !always) {
    fail(`A cookie named ${show(checked.name)} requires cookie secure "always"`);
  }
  if (/^__Host-/i.test(checked.name) && (checked.cookiePath !== '/' || checked.cookieDomain)) {
    fail(`A cookie named ${show(checked.name)} requires cookie path "/" and no cookie domain`);
  }
  return checked;
}
