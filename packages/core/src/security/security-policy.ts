import { createHmac, randomBytes } from 'node:crypto';
import type Keygrip from 'keygrip';
import { UnauthorizedError } from '../errors';
import type { AuthorizationResult, Authorizer, PublisherContext } from '../publisher/interfaces';
import type { BasicCredentials } from './basic-credentials';
import { parseBasicCredentials } from './basic-credentials';
import { findUserFolder } from './ensure-manager';
import { LoginCookies } from './login-cookies';
import type { LoginTicket } from './login-ticket';
import { createSigner, newNonce } from './login-ticket';
import type { Principal, RequestSecurity } from './request-security';
import { recordRequestSecurity, requestSecurityOf } from './request-security';
import type { ResolvedSecurityOptions, SecurityPolicyOptions } from './security-options';
import { resolveSecurityOptions } from './security-options';
import type { User } from './user';
import type { UserFolder } from './user-folder';

/** Tickets issued up to this far in the future (another process's clock) are accepted. */
const CLOCK_SKEW_MS = 60_000;
const BASIC_CACHE_ENTRIES = 1000;

/**
 * Zoa's {@link Authorizer}: users from the root's user folder (`/acl_users`), roles, and the
 * permission registry. Per request it identifies the caller — the signed login cookie first,
 * then HTTP Basic — sets `ctx.state.user` to the {@link Principal}, and answers `'ok'` when one
 * of the principal's roles (plus local roles) holds the view's permission, `'forbidden'` (403)
 * for a known user without it, and for anonymous callers `'unauthenticated'` (401) — browsers
 * (`Accept: text/html` or `Sec-Fetch-Mode`) get a plain 401 that `loginErrorRenderer` shows as
 * the login form, scripts a 401 with `WWW-Authenticate: Basic realm="Zoa"`. Wrong Basic
 * credentials are 401 on any view; too many of them 429. It reads the database and never writes
 * the response.
 *
 * @example
 * ```ts
 * const policy = createAuthorizer({ keys: [process.env.ZOA_SECRET!] });
 * const app = await createTestApp({ rootFactory: () => new Application(), authorizer: policy });
 * registerSecurityViews(app.views, Application);
 * ```
 */
export class SecurityPolicy implements Authorizer {
  /** The options, defaults filled in. */
  readonly options: ResolvedSecurityOptions;
  /** Cookie reading and writing. */
  readonly cookies: LoginCookies;
  private readonly signer: Keygrip;
  private readonly basicCacheKey = randomBytes(32);
  private readonly basicCache = new Map<string, number>();

  /** @throws TypeError for missing or bad options (keys first of all) */
  constructor(options: SecurityPolicyOptions) {
    this.options = resolveSecurityOptions(options);
    this.signer = createSigner(this.options.keys);
    this.cookies = new LoginCookies(this.options, this.signer);
  }

  async authorize(
    ctx: PublisherContext,
    context: object,
    permission: string,
  ): Promise<AuthorizationResult> {
    const security = await this.identify(ctx);
    const { principal } = security;
    const roles = principal === undefined ? [] : await this.rolesIn(principal, context);
    security.contextRoles = roles;
    if (this.options.permissions.isGranted(permission, roles)) return 'ok';
    if (principal !== undefined) return 'forbidden';
    if (this.options.basicAuth && !isBrowser(ctx)) throw this.challenge();
    return 'unauthenticated';
  }

  /**
   * Identifies the request and records the result for `csrfToken`, `principalOf` and the views;
   * sets or clears `ctx.state.user`. An invalid, expired or revoked login cookie counts as none.
   *
   * @throws UnauthorizedError (401 with a Basic challenge) for wrong Basic credentials;
   * TooManyRequestsError (429) when the account or address is throttled
   */
  async identify(ctx: PublisherContext): Promise<RequestSecurity> {
    const ticket = this.cookies.readTicket(ctx);
    const credentials = this.options.basicAuth
      ? parseBasicCredentials(ctx.get('Authorization') || undefined)
      : undefined;
    // anonymous requests (most of them) never load the user folder
    if (ticket === undefined && credentials === undefined)
      return this.record(ctx, { policy: this });
    const folder = await findUserFolder(ctx.zoa.root);
    if (folder !== undefined && ticket !== undefined) {
      const user = folder.getUser(ticket.name);
      if (
        user !== undefined &&
        this.isTicketValid(ticket, user) &&
        user.allowsAddress(addressOf(ctx))
      ) {
        return this.record(ctx, {
          policy: this,
          principal: principal(user, 'ticket'),
          user,
          ticket,
        });
      }
    }
    if (credentials !== undefined) {
      const user = await this.authenticateBasic(ctx, folder, credentials);
      return this.record(ctx, { policy: this, principal: principal(user, 'basic'), user });
    }
    return this.record(ctx, { policy: this });
  }

  /**
   * Checks a login: throttled per account and address (429), the password verified against the
   * user folder (a dummy hash for unknown users), the user's allowed addresses. On success it
   * rehashes an outdated hash, sets the login cookie with a fresh nonce, drops the login form
   * cookie, updates `ctx.state.user` and runs the `onLogin` hooks (identity rotation, S-11).
   *
   * @returns the user, or undefined when the name or password is wrong
   * @throws TooManyRequestsError (429, `Retry-After`)
   */
  async login(ctx: PublisherContext, name: string, password: string): Promise<User | undefined> {
    const folder = await findUserFolder(ctx.zoa.root);
    const address = addressOf(ctx);
    this.countAttempt(ctx, name, address);
    let user = await folder?.authenticate(name, password);
    if (folder === undefined || user === undefined || !user.allowsAddress(address))
      return undefined;
    this.options.throttle.recordSuccess(name, address);
    if (folder.needsRehash(user)) user = await folder.upgradePasswordHash(user.name, password);
    const ticket: LoginTicket = {
      name: user.name,
      issuedAt: this.options.clock.now(),
      nonce: newNonce(),
      version: user.ticketVersion,
    };
    this.cookies.writeTicket(ctx, ticket);
    this.cookies.clearLoginNonce(ctx);
    this.record(ctx, { policy: this, principal: principal(user, 'ticket'), user, ticket });
    await this.options.loginHooks.runLogin(ctx, user);
    return user;
  }

  /**
   * Logs the request's user out: runs the `onLogout` hooks, revokes every login ticket of the
   * user (server side: a copied cookie is dead too) and expires the cookie. Basic credentials
   * cannot be revoked; the cookie is still expired.
   */
  async logout(ctx: PublisherContext): Promise<void> {
    const { user, ticket } = requestSecurityOf(ctx);
    const folder = await findUserFolder(ctx.zoa.root);
    if (user !== undefined && ticket !== undefined && folder?.getUser(user.name) !== undefined) {
      await this.options.loginHooks.runLogout(ctx, user);
      folder.revokeTickets(user.name);
    }
    this.cookies.clearTicket(ctx);
    this.record(ctx, { policy: this });
  }

  /** True when the ticket is unexpired, not from the future, and not revoked for `user`. */
  isTicketValid(ticket: LoginTicket, user: User): boolean {
    const age = this.options.clock.now() - ticket.issuedAt;
    return (
      ticket.name === user.name &&
      ticket.version === user.ticketVersion &&
      age >= -CLOCK_SKEW_MS &&
      age < this.options.ticketLifetimeMs
    );
  }

  /** Signs `data` with the first key (CSRF tokens). */
  sign(data: string): string {
    return this.signer.sign(data);
  }

  /** True when `signature` signs `data` with any key (constant-time comparison). */
  verify(data: string, signature: string): boolean {
    return this.signer.verify(data, signature);
  }

  /** The 401 answer for scripts: `WWW-Authenticate: Basic realm="..."`. */
  challenge(message = 'Unauthorized'): UnauthorizedError {
    const value = `Basic realm="${this.options.realm}", charset="UTF-8"`;
    return new UnauthorizedError(message, { headers: { 'WWW-Authenticate': value } });
  }

  private async authenticateBasic(
    ctx: PublisherContext,
    folder: UserFolder | undefined,
    credentials: BasicCredentials,
  ): Promise<User> {
    const { name, password } = credentials;
    const known = folder?.getUser(name);
    const cacheKey = known && this.basicCacheKeyOf(known, password);
    if (
      known &&
      cacheKey !== undefined &&
      this.cachedBasic(cacheKey) &&
      known.allowsAddress(addressOf(ctx))
    ) {
      return known;
    }
    const address = addressOf(ctx);
    this.countAttempt(ctx, name, address);
    const user = await folder?.authenticate(name, password);
    if (user === undefined || !user.allowsAddress(address)) {
      throw this.challenge('Wrong user name or password');
    }
    this.options.throttle.recordSuccess(name, address);
    if (cacheKey !== undefined) this.rememberBasic(cacheKey);
    return user;
  }

  private countAttempt(ctx: PublisherContext, name: string, address: string): void {
    // a conflict retry re-runs the request: count its attempt once
    if (ctx.zoa.attempt === 0) this.options.throttle.beginAttempt(name, address);
    else this.options.throttle.check(name, address);
  }

  private basicCacheKeyOf(user: User, password: string): string | undefined {
    if (this.options.basicAuthCacheMs === 0) return undefined;
    return createHmac('sha256', this.basicCacheKey)
      .update(`${user.name}\0${user.passwordHash}\0${password}`)
      .digest('base64url');
  }

  private cachedBasic(key: string): boolean {
    const expires = this.basicCache.get(key);
    if (expires === undefined) return false;
    if (expires > this.options.clock.now()) return true;
    this.basicCache.delete(key);
    return false;
  }

  private rememberBasic(key: string): void {
    if (this.basicCache.size >= BASIC_CACHE_ENTRIES) {
      const oldest = this.basicCache.keys().next();
      if (oldest.done !== true) this.basicCache.delete(oldest.value);
    }
    this.basicCache.set(key, this.options.clock.now() + this.options.basicAuthCacheMs);
  }

  private async rolesIn(principal: Principal, context: object): Promise<string[]> {
    const local = this.options.localRoles;
    if (local === undefined) return [...principal.roles];
    return [...new Set([...principal.roles, ...(await local(principal, context))])];
  }

  private record(ctx: PublisherContext, security: RequestSecurity): RequestSecurity {
    const state = ctx.state as { user?: Principal };
    if (security.principal === undefined) delete state.user;
    else state.user = security.principal;
    return recordRequestSecurity(ctx, security);
  }
}

/**
 * Makes the site's authorizer (a {@link SecurityPolicy}); see its options.
 *
 * @throws TypeError for missing or bad options
 * @example
 * ```ts
 * const authorizer = createAuthorizer({ keys: config.secrets, ticketLifetimeMs: 4 * 3600_000 });
 * ```
 */
export function createAuthorizer(options: SecurityPolicyOptions): SecurityPolicy {
  return new SecurityPolicy(options);
}

function principal(user: User, via: Principal['via']): Principal {
  return Object.freeze({ name: user.name, roles: Object.freeze(user.getRoles()), via });
}

/** The client address for throttling and user domains (Koa's `ctx.ip`: honours `proxy`). */
function addressOf(ctx: PublisherContext): string {
  return ctx.ip || 'unknown';
}

/**
 * Browsers ask for HTML, and send `Sec-Fetch-*` headers with every request (`fetch` included);
 * scripts (curl's `*` / `*`, JSON clients) do neither. Browsers never get a Basic challenge, so
 * they never prompt for (and then cache and replay) Basic credentials.
 */
function isBrowser(ctx: PublisherContext): boolean {
  return /\btext\/html\b/i.test(ctx.get('Accept')) || ctx.get('Sec-Fetch-Mode') !== '';
}
