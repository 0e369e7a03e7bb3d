import type { PublisherContext } from '../publisher/interfaces';
import type { User } from './user';

/** Called after a successful login or before a logout, inside the request's transaction. */
export type LoginListener = (ctx: PublisherContext, user: User) => void | Promise<void>;

/**
 * Subscribers to logins and logouts. Login rotates identity (S-11): the sessions product
 * subscribes to {@link onLogin} to issue a new browser id and carry the session data over, and
 * to {@link onLogout} to drop server state (S-18). Listeners run in order, awaited; one that
 * throws fails the login or logout (the transaction aborts).
 *
 * @example
 * ```ts
 * const unsubscribe = loginHooks.onLogin(async (ctx, user) => {
 *   await rotateBrowserId(ctx);
 * });
 * ```
 */
export class LoginHooks {
  private readonly login = new Set<LoginListener>();
  private readonly logout = new Set<LoginListener>();

  /** Subscribes to logins; returns the function that unsubscribes. */
  onLogin(listener: LoginListener): () => void {
    return subscribe(this.login, listener);
  }

  /** Subscribes to logouts; returns the function that unsubscribes. */
  onLogout(listener: LoginListener): () => void {
    return subscribe(this.logout, listener);
  }

  /** Runs the login listeners. @internal */
  async runLogin(ctx: PublisherContext, user: User): Promise<void> {
    for (const listener of [...this.login]) await listener(ctx, user);
  }

  /** Runs the logout listeners. @internal */
  async runLogout(ctx: PublisherContext, user: User): Promise<void> {
    for (const listener of [...this.logout]) await listener(ctx, user);
  }
}

function subscribe(set: Set<LoginListener>, listener: LoginListener): () => void {
  if (typeof listener !== 'function')
    throw new TypeError('LoginHooks: a listener must be a function');
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}

/** The hooks every security policy runs unless given its own. */
export const loginHooks = new LoginHooks();

/**
 * Subscribes to logins of every security policy that uses the shared {@link loginHooks}.
 *
 * @example
 * ```ts
 * onLogin((ctx, user) => ctx.state.log?.info({ user: user.name }, 'login'));
 * ```
 */
export function onLogin(listener: LoginListener): () => void {
  return loginHooks.onLogin(listener);
}

/** Subscribes to logouts of every policy that uses the shared {@link loginHooks}. */
export function onLogout(listener: LoginListener): () => void {
  return loginHooks.onLogout(listener);
}
