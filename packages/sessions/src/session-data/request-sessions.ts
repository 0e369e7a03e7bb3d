import type { ExtendableContext } from 'koa';
import type { BrowserIdManager } from '../browser-id/browser-id-manager';
import type { BrowserIdSettings } from '../browser-id/browser-id-settings';
import { attemptOf } from '../browser-id/request-browser-id';
import type { SessionContainer, SessionData } from './session-data';
import { isSessionData } from './session-data';
import { sessionLocks } from './session-locks';
import { SessionsUnavailableError } from './sessions-unavailable-error';

/** How long a request waits for another request of the same visitor to finish with the session. */
const LOCK_TIMEOUT_MS = 10_000;

/**
 * Where a request's session comes from: the session data manager of a site, or the standalone
 * `sessions()` middleware. @internal
 */
export interface SessionSource {
  readonly browserIdManager: BrowserIdManager;
  /**
   * The container in the request's unit of work (opened after the session lock), if any; without
   * a promise when it is at hand.
   */
  container(): SessionContainer | undefined | Promise<SessionContainer | undefined>;
  /** Names the container for the per-session locks (its database and path). */
  readonly lockScope: string;
  /** Calls `release` once the request's unit of work is over (committed or not). */
  onUnitEnd(release: () => void): void;
  /** True once the request's unit of work committed. */
  committed(): boolean;
}

/** What one attempt of a request did with sessions. @internal */
export interface SessionState {
  readonly attempt: object;
  /** The session last handed out. */
  session: SessionData | null;
  /** Every session handed out (to see, at the end, whether one was invalidated). */
  readonly handedOut: SessionData[];
  /** The browser id settings in use (kept: the manager may be a ghost by the end). */
  cookieSettings: BrowserIdSettings | undefined;
  /** The source of the sessions (it knows whether the unit of work committed). */
  source: SessionSource | undefined;
  /** The lock keys this attempt holds (or waited for). */
  readonly locked: string[];
  /** A lock wait timed out: the session was used without its lock. */
  unlocked: boolean;
  /** The last call in progress: calls of one request run one after the other. */
  busy: Promise<unknown> | undefined;
  /** How many calls are in progress. */
  calls: number;
}

/**
 * Where a request keeps its state: a symbol-keyed property of its context rather than a WeakMap,
 * since a WeakMap entry per request costs far more (an ephemeron the garbage collector traces).
 */
const STATE = Symbol('zoa.sessions.state');

interface WithState {
  [STATE]?: SessionState;
}

/** The session state of the current attempt of `ctx`, if it touched sessions. @internal */
export function sessionStateOf(ctx: object): SessionState | undefined {
  const state = (ctx as WithState)[STATE];
  return state !== undefined && state.attempt === attemptOf(ctx) ? state : undefined;
}

function stateFor(ctx: object, source: SessionSource): SessionState {
  let state = sessionStateOf(ctx);
  if (state === undefined) {
    state = {
      attempt: attemptOf(ctx),
      session: null,
      handedOut: [],
      cookieSettings: undefined,
      source: undefined,
      locked: [],
      unlocked: false,
      busy: undefined,
      calls: 0,
    };
    (ctx as WithState)[STATE] = state;
  }
  state.cookieSettings ??= source.browserIdManager.currentSettings();
  state.source ??= source;
  return state;
}

/**
 * Zope's `getSessionData` for one request: the session of its browser id, or a new one when
 * `create`. Strict mode (S-08): an id the client sent that holds no session selects nothing, and
 * a new session gets a new id — nothing is ever stored under a client-chosen id. After the
 * request's session was invalidated, its id is dead and a new session gets a new id (S-18).
 * Resolves to null without a container, or when there is no session and `create` is false.
 *
 * @param options - `create` (default true); `required`: reject with SessionsUnavailableError
 * instead of resolving to null when there is no container (what `ctx.session()` does)
 * @throws MaxTransientObjectsExceeded (503) when a new session does not fit.
 */
export function requestSessionData(
  ctx: ExtendableContext,
  source: SessionSource,
  options: { create?: boolean; required?: boolean } = {},
): Promise<SessionData | null> {
  const state = stateFor(ctx, source);
  const current = state.session;
  if (current !== null && state.busy === undefined && current.isValid()) {
    return Promise.resolve(current);
  }
  const create = options.create !== false;
  const required = options.required === true;
  return enqueue(state, () => loadCall(ctx, source, state, create, required));
}

/** {@link load} as one call of the request: it ends the call itself (see {@link enqueue}). */
async function loadCall(
  ctx: ExtendableContext,
  source: SessionSource,
  state: SessionState,
  create: boolean,
  required: boolean,
): Promise<SessionData | null> {
  try {
    const bim = source.browserIdManager;
    const current = state.session;
    if (current !== null) {
      if (current.isValid()) return current;
      bim.forgetBrowserId(ctx);
      state.session = null;
    }
    let id = bim.getBrowserId(ctx, { create: false });
    const waiting = id === null ? undefined : lockSession(state, source, id);
    if (waiting !== undefined) await waiting;
    const opened = source.container();
    const container = opened instanceof Promise ? await opened : opened;
    if (container === undefined) {
      if (required) throw new SessionsUnavailableError();
      return null;
    }
    if (id !== null) {
      const found = await container.get(id);
      if (isSessionData(found)) return remember(state, found);
      if (!create) return null;
      if (bim.isStrict() && !bim.isBrowserIdNew(ctx)) id = bim.issueBrowserId(ctx);
    } else {
      if (!create) return null;
      id = bim.issueBrowserId(ctx);
    }
    return remember(state, await container.new(id));
  } finally {
    callEnded(state);
  }
}

/** {@link loadCall} inside a call that {@link serialize} counts. */
function load(
  ctx: ExtendableContext,
  source: SessionSource,
  state: SessionState,
  create: boolean,
): Promise<SessionData | null> {
  state.calls += 1; // loadCall ends it; the caller's call goes on
  return loadCall(ctx, source, state, create, false);
}

/**
 * Runs `call` after the request's calls in progress (two parallel calls get one session), at
 * once when there are none. `call` ends itself with {@link callEnded}: the hot path
 * ({@link loadCall}) does so in its own `finally`, sparing two reactions.
 */
function enqueue<T>(state: SessionState, call: () => Promise<T>): Promise<T> {
  const previous = state.busy;
  state.calls += 1;
  const run = previous === undefined ? call() : previous.then(call, call);
  // a call that already ended (it needed no await) leaves nothing to wait for
  if (state.calls > 0) state.busy = run;
  return run;
}

/** Runs `work` as one call of the request, after those in progress (see {@link enqueue}). */
function serialize<T>(state: SessionState, work: () => Promise<T>): Promise<T> {
  return enqueue(state, () => {
    const run = work();
    void run.then(
      () => callEnded(state),
      () => callEnded(state),
    );
    return run;
  });
}

function callEnded(state: SessionState): void {
  state.calls -= 1;
  if (state.calls === 0) state.busy = undefined;
}

/** Zope's `hasSessionData`: true when the request's browser id holds a session (creates nothing). */
export function requestHasSessionData(
  ctx: ExtendableContext,
  source: SessionSource,
): Promise<boolean> {
  const state = stateFor(ctx, source);
  return serialize(state, async () => {
    if (state.session?.isValid()) return true;
    const id = source.browserIdManager.getBrowserId(ctx, { create: false });
    if (id === null) return false;
    const waiting = lockSession(state, source, id);
    if (waiting !== undefined) await waiting;
    const container = await source.container();
    return container !== undefined && isSessionData(await container.get(id));
  });
}

/**
 * Gives the request's session a new browser id, keeping its data (S-11): a new session is
 * stored under a new id (the cookie is set), the data is copied, and the old one is removed and
 * invalidated, so that a request still carrying the old id finds nothing. The old entry is
 * removed without the delete notification (the session goes on); the add notification fires for
 * the new one. Without a session nothing is created (S-24), but a client-sent id is not used
 * again in this request. Resolves to true when a session was carried over.
 */
export function rotateRequestSession(
  ctx: ExtendableContext,
  source: SessionSource,
): Promise<boolean> {
  const state = stateFor(ctx, source);
  return serialize(state, async () => {
    const bim = source.browserIdManager;
    const old = await load(ctx, source, state, false);
    if (old === null) {
      if (bim.hasBrowserId(ctx) && !bim.isBrowserIdNew(ctx)) bim.forgetBrowserId(ctx);
      return false;
    }
    const container = (await source.container()) as SessionContainer;
    const fresh = await container.new(bim.issueBrowserId(ctx));
    fresh.update(new Map(old.items()));
    await container.delete(old.getContainerKey());
    await old.invalidate();
    remember(state, fresh);
    return true;
  });
}

/**
 * Forgets the session cached for the request (after it was cleared elsewhere): the next access
 * looks again, and gets a new id. @internal
 */
export function forgetRequestSession(ctx: ExtendableContext, bim: BrowserIdManager): void {
  const state = sessionStateOf(ctx);
  if (state?.session) {
    state.session = null;
    bim.forgetBrowserId(ctx);
  }
}

/**
 * True when the request invalidated its session and did not start another one: its cookie must
 * be expired (S-18). Only for an attempt whose unit of work committed. @internal
 */
export function endedSessionSettings(ctx: object): BrowserIdSettings | undefined {
  const state = sessionStateOf(ctx);
  if (state === undefined || state.source?.committed() !== true) return undefined;
  const live = state.session !== null && state.session.isValid();
  const ended = state.handedOut.some((session) => !session.isValid());
  return ended && !live ? state.cookieSettings : undefined;
}

function remember(state: SessionState, session: SessionData): SessionData {
  state.session = session;
  if (!state.handedOut.includes(session)) state.handedOut.push(session);
  return session;
}

/**
 * Takes the lock of the session `id` for the rest of the unit of work (once per unit): at once
 * when it is free, else a promise to wait for.
 */
function lockSession(
  state: SessionState,
  source: SessionSource,
  id: string,
): Promise<void> | undefined {
  const key = `${source.lockScope}\0${id}`;
  if (state.locked.includes(key)) return undefined;
  state.locked.push(key);
  const release = sessionLocks.tryAcquire(key);
  if (release !== undefined) {
    source.onUnitEnd(release);
    return undefined;
  }
  return sessionLocks.acquire(key, LOCK_TIMEOUT_MS).then((waited) => {
    if (waited === undefined) state.unlocked = true;
    else source.onUnitEnd(waited);
  });
}
