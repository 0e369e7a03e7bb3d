import type { LoginTicket } from './login-ticket';
import type { SecurityPolicy } from './security-policy';
import type { User } from './user';

/** Who made a request, as views see it on `ctx.state.user`. */
export interface Principal {
  /** The user name. */
  readonly name: string;
  /** The user's roles with `Authenticated` (local roles not included), sorted. */
  readonly roles: readonly string[];
  /** How the request proved it: the login cookie or HTTP Basic. */
  readonly via: 'ticket' | 'basic';
}

/** What the security policy found out about one request. */
export interface RequestSecurity {
  /** The policy that identified the request. */
  readonly policy: SecurityPolicy;
  /** The principal; undefined for anonymous requests. */
  readonly principal?: Principal;
  /** The user record behind the principal. */
  readonly user?: User;
  /** The login ticket, when the principal came from the cookie. */
  readonly ticket?: LoginTicket;
  /** The login form's CSRF nonce chosen for this request (anonymous requests only). @internal */
  loginNonce?: string;
  /** The roles checked for the view's context (the principal's plus local roles). @internal */
  contextRoles?: readonly string[];
}

const records = new WeakMap<object, RequestSecurity>();

/** Remembers what the policy found for `ctx` (one record per request). @internal */
export function recordRequestSecurity(ctx: object, security: RequestSecurity): RequestSecurity {
  records.set(ctx, security);
  return security;
}

/** The record of `ctx`, or undefined when no security policy looked at the request. */
export function findRequestSecurity(ctx: object): RequestSecurity | undefined {
  return records.get(ctx);
}

/**
 * The record of `ctx`.
 *
 * @throws Error when no security policy authorized the request (the site's authorizer is not a
 * `SecurityPolicy`, or this runs before the publisher's authorize step)
 */
export function requestSecurityOf(ctx: object): RequestSecurity {
  const security = records.get(ctx);
  if (security === undefined) {
    throw new Error('security: this request was not authorized by a SecurityPolicy');
  }
  return security;
}

/**
 * The principal of the request, or undefined for anonymous requests (same as `ctx.state.user`).
 *
 * @example
 * ```ts
 * const who = principalOf(ctx)?.name ?? 'Anonymous User';
 * ```
 */
export function principalOf(ctx: object): Principal | undefined {
  return records.get(ctx)?.principal;
}
