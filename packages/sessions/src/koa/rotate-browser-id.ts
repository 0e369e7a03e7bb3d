import type { ExtendableContext } from 'koa';
import { rotateRequestSession } from '../session-data/request-sessions';
import { sessionSourceOf } from './session-accessor';

/**
 * Gives the visitor a new browser id at login, keeping the session data (S-11): the data moves
 * to a new session under a new id (the cookie is replaced) and the old id selects nothing any
 * more — a request replaying it is a new visitor. Without a session nothing is created.
 * The sessions product calls it from the security layer's `onLogin` hook; call it yourself after
 * an application login. Resolves to true when a session was carried over.
 *
 * @example
 * ```ts
 * onLogin((ctx) => rotateBrowserId(ctx)); // done for you by the sessions product
 * ```
 */
export async function rotateBrowserId(ctx: ExtendableContext): Promise<boolean> {
  const source = await sessionSourceOf(ctx);
  return source === undefined ? false : rotateRequestSession(ctx, source);
}

/**
 * Ends the visitor's session, if there is one, without creating any (S-18): its data is deleted
 * and the response expires the browser id cookie. The sessions product calls it on logout.
 *
 * @example
 * ```ts
 * onLogout((ctx) => endSession(ctx)); // done for you by the sessions product
 * ```
 */
export async function endSession(ctx: ExtendableContext): Promise<boolean> {
  if ((await sessionSourceOf(ctx)) === undefined) return false;
  const session = await ctx.session({ create: false });
  if (session === null) return false;
  await session.invalidate();
  return true;
}
