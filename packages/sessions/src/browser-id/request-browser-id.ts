import type { BrowserIdNamespace } from './browser-id-settings';

/** What a request knows about its browser id (Zope's `REQUEST.browser_id_` and `browser_id_ns_`). */
export interface RequestBrowserId {
  /** The current id, once found or issued. */
  id: string | null;
  /** Where {@link id} came from; null for an id issued during this request. */
  source: BrowserIdNamespace | null;
  /** The id the client sent was invalidated or rotated away: it is not read again. */
  dead: boolean;
}

interface Held {
  attempt: object;
  value: RequestBrowserId;
}

/**
 * Where a request keeps its browser id state: a symbol-keyed property of its context, as the
 * session state is (a WeakMap entry per request costs the garbage collector an ephemeron).
 */
const STATE = Symbol('zoa.sessions.browserId');

interface WithState {
  [STATE]?: Held;
}

const urlIds = new WeakMap<object, string>();

/**
 * The current attempt of a request: the publisher's transaction while it runs (an attempt ends
 * when it commits or is retried after a conflict, and the response it built is discarded then),
 * else the context itself.
 */
export function attemptOf(ctx: object): object {
  return (ctx as { zoa?: { txn?: object } }).zoa?.txn ?? ctx;
}

/**
 * The browser id state of `ctx` for its current attempt: a new attempt starts afresh, as its
 * response (and any cookie set in it) starts afresh. @internal
 */
export function requestBrowserIdOf(ctx: object): RequestBrowserId {
  const attempt = attemptOf(ctx);
  const held = (ctx as WithState)[STATE];
  if (held !== undefined && held.attempt === attempt) return held.value;
  const value: RequestBrowserId = { id: null, source: null, dead: false };
  (ctx as WithState)[STATE] = { attempt, value };
  return value;
}

/**
 * The request's browser id as known so far, without looking further or issuing one: the id found,
 * issued or adopted in the current attempt, else the one from the URL path; null when there is
 * none or it was invalidated. What auto URL encoding puts in generated URLs. @internal
 */
export function knownBrowserIdOf(ctx: object): string | null {
  const held = (ctx as WithState)[STATE];
  if (held !== undefined && held.attempt === attemptOf(ctx)) {
    if (held.value.id !== null || held.value.dead) return held.value.id;
  }
  return urlIds.get(ctx) ?? null;
}

/** Records the well-formed id found in the URL path (by the URL namespace middleware). @internal */
export function setUrlBrowserId(ctx: object, id: string): void {
  urlIds.set(ctx, id);
}

/** The id found in the URL path of `ctx`, if any. @internal */
export function urlBrowserIdOf(ctx: object): string | undefined {
  return urlIds.get(ctx);
}
