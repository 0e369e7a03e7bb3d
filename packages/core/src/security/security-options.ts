import type { Clock } from './clock';
import { systemClock } from './clock';
import type { LoginHooks } from './login-hooks';
import { loginHooks } from './login-hooks';
import { LoginThrottle } from './login-throttle';
import type { PermissionRegistry } from './permission-registry';
import { permissionRegistry } from './permission-registry';
import type { Principal } from './request-security';

/**
 * Extra roles a principal has on one object (Zope's local roles, e.g. `Owner` of what they
 * created). The policy adds them to the principal's own roles for that request's check.
 */
export type LocalRoles = (
  principal: Principal,
  context: object,
) => Iterable<string> | Promise<Iterable<string>>;

/** Options of {@link SecurityPolicy} / `createAuthorizer`. */
export interface SecurityPolicyOptions {
  /**
   * Secret keys (each at least 32 characters) that sign login tickets and CSRF tokens. The first
   * signs; all verify — rotate by adding a new key in front and dropping the last one later.
   */
  keys: readonly string[];
  /** Time source (default the system clock). */
  clock?: Clock;
  /** Which roles hold which permission (default the shared `permissionRegistry`). */
  permissions?: PermissionRegistry;
  /** Failed-login throttle (default: 5 per account, 20 per address, per 15 minutes). */
  throttle?: LoginThrottle;
  /** Login and logout subscribers (default the shared `loginHooks`). */
  loginHooks?: LoginHooks;
  /** Name of the login cookie (default `__ac`, Zope's; `__Host-ac` pins it to the host). */
  cookieName?: string;
  /** Name of the cookie binding the login form's CSRF token (default `__ac_csrf`). */
  csrfCookieName?: string;
  /** How long a login lasts, from the login (absolute, not extended by activity; default 8 h). */
  ticketLifetimeMs?: number;
  /** How long a login form may be sent after it was shown (default 2 h). */
  loginFormLifetimeMs?: number;
  /** `auto` (default): cookies are `Secure` on https requests; `always`: on every request. */
  secureCookies?: 'auto' | 'always';
  /** Accept HTTP Basic credentials, for scripts (default true). */
  basicAuth?: boolean;
  /** How long a verified Basic password is remembered, in ms, so scripts do not pay scrypt on
   * every request (default 60 s; 0 turns it off). Only a keyed hash is kept. */
  basicAuthCacheMs?: number;
  /** The realm of the `WWW-Authenticate: Basic` challenge (default `Zoa`). */
  realm?: string;
  /** Where a login without a usable `came_from` ends (default `/manage_main`). */
  defaultCameFrom?: string;
  /** Per-object extra roles (default none). */
  localRoles?: LocalRoles;
}

/** {@link SecurityPolicyOptions} with every default filled in. */
export type ResolvedSecurityOptions = Required<Omit<SecurityPolicyOptions, 'localRoles'>> &
  Pick<SecurityPolicyOptions, 'localRoles'>;

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,64}$/;
const REALM = /^[\x20-\x7e]{1,64}$/;

/**
 * Fills in the defaults and checks every option.
 *
 * @throws TypeError listing the problems
 */
export function resolveSecurityOptions(options: SecurityPolicyOptions): ResolvedSecurityOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('security: options with keys are required');
  }
  const clock = options.clock ?? systemClock;
  const resolved: ResolvedSecurityOptions = {
    keys: options.keys,
    clock,
    permissions: options.permissions ?? permissionRegistry,
    throttle: options.throttle ?? new LoginThrottle({ clock }),
    loginHooks: options.loginHooks ?? loginHooks,
    cookieName: options.cookieName ?? '__ac',
    csrfCookieName: options.csrfCookieName ?? '__ac_csrf',
    ticketLifetimeMs: options.ticketLifetimeMs ?? 8 * 3600_000,
    loginFormLifetimeMs: options.loginFormLifetimeMs ?? 2 * 3600_000,
    secureCookies: options.secureCookies ?? 'auto',
    basicAuth: options.basicAuth ?? true,
    basicAuthCacheMs: options.basicAuthCacheMs ?? 60_000,
    realm: options.realm ?? 'Zoa',
    defaultCameFrom: options.defaultCameFrom ?? '/manage_main',
    ...(options.localRoles === undefined ? {} : { localRoles: options.localRoles }),
  };
  const problems: string[] = [];
  const need = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  need(typeof clock.now === 'function', 'clock must have now()');
  need(
    typeof resolved.permissions.isGranted === 'function',
    'permissions must be a PermissionRegistry',
  );
  need(typeof resolved.throttle.beginAttempt === 'function', 'throttle must be a LoginThrottle');
  need(typeof resolved.loginHooks.runLogin === 'function', 'loginHooks must be LoginHooks');
  need(COOKIE_NAME.test(resolved.cookieName), 'cookieName is not a valid cookie name');
  need(COOKIE_NAME.test(resolved.csrfCookieName), 'csrfCookieName is not a valid cookie name');
  need(resolved.cookieName !== resolved.csrfCookieName, 'the two cookie names must differ');
  need(isDuration(resolved.ticketLifetimeMs, 1), 'ticketLifetimeMs must be a positive integer');
  need(
    isDuration(resolved.loginFormLifetimeMs, 1),
    'loginFormLifetimeMs must be a positive integer',
  );
  need(isDuration(resolved.basicAuthCacheMs, 0), 'basicAuthCacheMs must be an integer >= 0');
  need(
    ['auto', 'always'].includes(resolved.secureCookies),
    "secureCookies must be 'auto' or 'always'",
  );
  need(typeof resolved.basicAuth === 'boolean', 'basicAuth must be a boolean');
  need(
    REALM.test(resolved.realm) && !/["\\]/.test(resolved.realm),
    'realm must be printable ASCII',
  );
  need(/^\/(?![/\\])/.test(resolved.defaultCameFrom), 'defaultCameFrom must be a path');
  need(
    options.localRoles === undefined || typeof options.localRoles === 'function',
    'localRoles must be a function',
  );
  if (problems.length > 0) throw new TypeError(`security: ${problems.join('; ')}`);
  return resolved;
}

function isDuration(value: number, min: number): boolean {
  return Number.isSafeInteger(value) && value >= min;
}
