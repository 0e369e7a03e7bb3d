import type { ExtendableContext } from 'koa';
import type { SessionSource } from '../session-data/request-sessions';
import { requestSessionData } from '../session-data/request-sessions';
import { SessionsUnavailableError } from '../session-data/sessions-unavailable-error';
import type { SessionData } from '../session-data/session-data';

/** Options of {@link SessionAccessor}. */
export interface SessionOptions {
  /** Start a session when the request has none (default true). */
  create?: boolean;
}

/**
 * `ctx.session`: the request's session data, loaded on first call (Zope's lazy
 * `REQUEST.SESSION`): a `TransientObject` (or, with Redis, a `RedisTransientObject`). Session data lives in a database, so it is a function returning a promise:
 * `await ctx.session()` starts a session when there is none (setting the browser id cookie);
 * `await ctx.session({ create: false })` resolves to null instead. A request that never calls it
 * sets no cookie and stores nothing (S-24). Later calls in the same request resolve to the same
 * object, until it is invalidated: then a new session with a new id.
 *
 * @throws SessionsUnavailableError (503 with Retry-After) when a session is needed and there is
 * no container; MaxSessionDatasExceeded (503) when a new session does not fit.
 * @example
 * ```ts
 * const session = await ctx.session();
 * session.set('visits', ((session.get('visits') as number | null) ?? 0) + 1);
 * ```
 */
export interface SessionAccessor {
  (options?: { create?: true }): Promise<SessionData>;
  (options: SessionOptions): Promise<SessionData | null>;
}

declare module 'koa' {
  interface ExtendableContext {
    /** The request's session data (see `SessionAccessor` in `@zoa/sessions`). */
    session: SessionAccessor;
  }
}

/** Finds a request's session source (undefined: sessions are unavailable). @internal */
export type SessionSourceProvider = (
  ctx: ExtendableContext,
) => SessionSource | undefined | Promise<SessionSource | undefined>;

/**
 * Where `ctx` keeps its provider: a symbol-keyed property rather than a WeakMap, since a WeakMap
 * entry per request costs far more (it is an ephemeron the garbage collector must trace).
 */
const PROVIDER = Symbol('zoa.sessions.provider');

interface WithProvider {
  [PROVIDER]?: SessionSourceProvider | SessionSource;
}

/**
 * Gives `ctx` its lazy `ctx.session` over `provider` — a function finding the request's session
 * source, or the source itself — (the sessions middleware do it) and returns the accessor.
 * @internal
 */
export function bindSessions(
  ctx: ExtendableContext,
  provider: SessionSourceProvider | SessionSource,
): SessionAccessor {
  (ctx as WithProvider)[PROVIDER] = provider;
  const accessor = ((options?: SessionOptions) => sessionOf(ctx, options)) as SessionAccessor;
  ctx.session = accessor;
  return accessor;
}

/** The session source of `ctx`, or undefined (no sessions middleware, or unavailable). @internal */
export async function sessionSourceOf(ctx: ExtendableContext): Promise<SessionSource | undefined> {
  return findSource(ctx);
}

function findSource(
  ctx: ExtendableContext,
): SessionSource | undefined | Promise<SessionSource | undefined> {
  const provider = (ctx as WithProvider)[PROVIDER];
  return typeof provider === 'function' ? provider(ctx) : provider;
}

function sessionOf(
  ctx: ExtendableContext,
  options: SessionOptions | undefined,
): Promise<SessionData | null> {
  const create = options?.create !== false;
  try {
    const found = findSource(ctx);
    if (found instanceof Promise) return found.then((source) => sessionFrom(ctx, source, create));
    return sessionFrom(ctx, found, create);
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

function sessionFrom(
  ctx: ExtendableContext,
  source: SessionSource | undefined,
  create: boolean,
): Promise<SessionData | null> {
  if (source === undefined) {
    return create ? Promise.reject(new SessionsUnavailableError()) : Promise.resolve(null);
  }
  return requestSessionData(ctx, source, { create, required: create });
}
