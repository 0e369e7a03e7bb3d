import { Connection } from '@zoa/core';
import type { Database, PublisherLogger } from '@zoa/core';
import type { RedisSessionContainer } from './redis/redis-session-container';
import type { Clock } from './transience/interfaces';
import { systemClock } from './transience/interfaces';

/**
 * What the sessions objects of one database use and do not store: the clock (epoch ms) and the
 * logger. The product sets it for the site's main database; tests set a fake clock.
 */
export interface SessionsRuntime {
  readonly clock: Clock;
  readonly logger: PublisherLogger;
  /** Sessions live in Redis instead of the container at the session data manager's path. */
  readonly redis?: RedisSessionContainer | undefined;
}

const WARN_EVERY_MS = 60_000;

/** Warnings and errors to the console, nothing else: the default outside a site. */
const consoleLogger: PublisherLogger = {
  info: () => undefined,
  warn: (obj, msg) => console.warn(msg ?? '', obj),
  error: (obj, msg) => console.error(msg ?? '', obj),
};

const DEFAULT_RUNTIME: SessionsRuntime = { clock: systemClock, logger: consoleLogger };
const runtimes = new WeakMap<Database, SessionsRuntime>();
/** When each message was last logged, per runtime (so per site). */
const lastWarned = new WeakMap<SessionsRuntime, Map<string, number>>();

/**
 * Sets the clock and logger the browser id manager, the session data manager and the containers
 * they hand out use when they are stored in `db` (the product does it for the site's main
 * database at startup).
 *
 * @example
 * ```ts
 * setSessionsRuntime(site.rootDatabase, { clock: fakeClock.now });
 * ```
 */
export function setSessionsRuntime(db: Database, runtime: Partial<SessionsRuntime>): void {
  runtimes.set(db, { ...(runtimes.get(db) ?? DEFAULT_RUNTIME), ...runtime });
}

/**
 * The runtime of the database `obj` is stored in — or, for an object not stored yet, of its
 * nearest stored container — else the default one.
 */
export function sessionsRuntimeOf(obj: object): SessionsRuntime {
  for (let node: unknown = obj; typeof node === 'object' && node !== null;) {
    const jar = (node as { _p_jar?: unknown })._p_jar;
    if (jar instanceof Connection) return runtimes.get(jar.db) ?? DEFAULT_RUNTIME;
    node = (node as { __parent__?: unknown }).__parent__;
  }
  return DEFAULT_RUNTIME;
}

/**
 * Logs a warning at most once a minute per message (a missing container would otherwise log on
 * every request). Never put a browser id into `msg` (S-23). @internal
 */
export function warnThrottled(runtime: SessionsRuntime, msg: string, obj: object = {}): void {
  const now = runtime.clock();
  let warned = lastWarned.get(runtime);
  if (warned === undefined) {
    warned = new Map();
    lastWarned.set(runtime, warned);
  }
  const last = warned.get(msg);
  if (last !== undefined && now - last < WARN_EVERY_MS && now >= last) return;
  if (warned.size > 1000) warned.clear();
  warned.set(msg, now);
  runtime.logger.warn(obj, msg);
}
