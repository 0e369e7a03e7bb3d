import type { ExtendableContext, Middleware } from 'koa';
import { ConflictError, Database, TransactionManager, ZoaError } from '@zoa/core';
import type { Storage, Transaction } from '@zoa/core';
import { TemporaryContainer, TemporaryStorage } from '@zoa/temporary-folder';
import { BrowserIdManager } from '../browser-id/browser-id-manager';
import type { BrowserIdSettings } from '../browser-id/browser-id-settings';
import { consumeUrlBrowserId } from '../browser-id/url-namespace';
import type { SessionSource } from '../session-data/request-sessions';
import { sessionStateOf } from '../session-data/request-sessions';
import { startHousekeepingTimer } from '../transience/housekeeping-timer';
import type { Clock, NotificationFunction, TransienceLogger } from '../transience/interfaces';
import { silentLogger, systemClock } from '../transience/interfaces';
import { TransientObjectContainer } from '../transience/transient-object-container';
import { expireEndedSession } from './expire-ended-session';
import { bindSessions } from './session-accessor';
import { replaySessions, snapshotSessions } from './session-replay';

/** Options of {@link sessions}: browser id settings plus the container's. */
export interface SessionsOptions extends Partial<BrowserIdSettings> {
  /** Minutes of inactivity before a session expires; 0 = never (default 20). */
  timeoutMinutes?: number;
  /** Timeslice in seconds, dividing the timeout (default 20). */
  periodSeconds?: number;
  /** Most sessions held, 0 = unlimited (default 0); a full container answers 503. */
  limit?: number;
  /** Called as `(session, container)` when a session is stored. */
  addNotification?: NotificationFunction;
  /** Called as `(session, container)` when a session expires or is invalidated. */
  delNotification?: NotificationFunction;
  /** Epoch-ms clock (default `Date.now`). */
  clock?: Clock;
  /** Where notification failures and sweep errors go (default: nowhere). */
  logger?: TransienceLogger;
  /** Where sessions are kept (default: a new `TemporaryStorage`, in RAM). */
  storage?: Storage;
  /** Sweep expired sessions this often, unref'd; 0 = only lazily (default 60000). */
  housekeepingIntervalMs?: number;
  /** Times a conflicting commit is replayed on fresh data (default 3). */
  retries?: number;
}

/** The middleware {@link sessions} returns, with its browser id manager and a way to stop. */
export interface SessionsMiddleware extends Middleware {
  /** The browser id manager of this middleware (not stored; settings from the options). */
  readonly browserIdManager: BrowserIdManager;
  /** Stops the sweep timer and closes the database (after in-flight requests). */
  close(): Promise<void>;
}

const CONTAINER_ID = 'session_data';
let instances = 0;

/**
 * Sessions for a plain Koa app, without the object tree or the publisher: `ctx.session()` as in
 * a Zoa site (lazy, strict ids, secure cookie, locking, key-by-key merge), kept in a container
 * in a database of its own (a `TemporaryStorage` unless `storage` is given). Each request that
 * uses its session is one unit of work, committed after the downstream middleware returned; a
 * commit that conflicts is replayed on fresh data (the session's lock is held all along).
 *
 * @throws BrowserIdManagerError / RangeError / TypeError at once for bad options.
 * @example
 * ```ts
 * const app = new Koa();
 * app.use(sessions({ timeoutMinutes: 30 }));
 * app.use(async (ctx) => {
 *   const session = await ctx.session();
 *   session.set('views', ((session.get('views') as number | null) ?? 0) + 1);
 *   ctx.body = { views: session.get('views') };
 * });
 * ```
 */
export function sessions(options: SessionsOptions = {}): SessionsMiddleware {
  const {
    timeoutMinutes = 20,
    periodSeconds = 20,
    limit = 0,
    addNotification,
    delNotification,
    clock = systemClock,
    logger = silentLogger,
    storage,
    housekeepingIntervalMs = 60_000,
    retries = 3,
    ...settings
  } = options;
  const bim = new BrowserIdManager(settings);
  const prototype = new TransientObjectContainer(CONTAINER_ID, {
    timeoutMinutes,
    periodSeconds,
    limit,
  }); // validates the container options now
  if (!Number.isInteger(retries) || retries < 0) {
    throw new RangeError(`sessions: retries must be an integer >= 0, not ${String(retries)}`);
  }
  const tm = new TransactionManager();
  const scope = `sessions#${(instances += 1)}`;
  let opening: Promise<Database> | undefined;
  let stopTimer: (() => void) | undefined;

  const database = (): Promise<Database> =>
    (opening ??= (async () => {
      const db = await Database.open(storage ?? new TemporaryStorage(), {
        name: scope,
        rootFactory: () => new TemporaryContainer('temp_folder'),
      });
      await tm.run(async (txn) => {
        const root = await (await txn.open(db)).root<TemporaryContainer>();
        if (!(await root.has(CONTAINER_ID))) {
          await root.setObject(CONTAINER_ID, prototype);
          root.reserveName(CONTAINER_ID);
        }
      });
      if (housekeepingIntervalMs > 0) {
        stopTimer = startHousekeepingTimer(
          housekeepingIntervalMs,
          (batch) => tm.run(async (txn) => batch(await containerIn(txn, db))),
          { onError: (error) => logger.warn('Sweeping expired sessions failed', error) },
        );
      }
      return db;
    })());

  const containerIn = async (txn: Transaction, db: Database) => {
    const root = await (await txn.open(db)).root<TemporaryContainer>();
    const container = (await root.get(CONTAINER_ID)) as TransientObjectContainer;
    container.setClock(clock);
    container.setLogger(logger);
    container.setAddNotificationTarget(addNotification ?? null);
    container.setDelNotificationTarget(delNotification ?? null);
    return container;
  };

  async function zoaStandaloneSessions(
    ctx: ExtendableContext,
    next: () => Promise<unknown>,
  ): Promise<void> {
    if (bim.isUrlInBidNamespaces()) consumeUrlBrowserId(ctx, bim.getBrowserIdName());
    const unit = new Unit(tm);
    const source: SessionSource = {
      browserIdManager: bim,
      container: async () => containerIn(unit.transaction(), await database()),
      lockScope: scope,
      onUnitEnd: (release) => unit.releases.push(release),
      committed: () => unit.isCommitted,
    };
    bindSessions(ctx, () => Promise.resolve(source));
    try {
      await next();
      await unit.commit(ctx, retries, async (txn) => containerIn(txn, await database()));
    } catch (error) {
      await unit.abort();
      throw error;
    } finally {
      unit.end();
    }
    expireEndedSession(ctx);
  }
  return Object.assign(zoaStandaloneSessions, {
    browserIdManager: bim,
    close: async () => {
      stopTimer?.();
      if (opening) await (await opening).close();
    },
  });
}

/** One request's unit of work: begun on the first session access. */
class Unit {
  readonly releases: (() => void)[] = [];
  isCommitted = false;
  private txn: Transaction | undefined;

  constructor(private readonly tm: TransactionManager) {}

  transaction(): Transaction {
    this.txn ??= this.tm.begin({ note: 'sessions' });
    return this.txn;
  }

  /** Commits; a conflict is replayed on fresh data while every session lock was held. */
  async commit(
    ctx: ExtendableContext,
    retries: number,
    container: (txn: Transaction) => Promise<TransientObjectContainer>,
  ): Promise<void> {
    let txn = this.txn;
    if (txn === undefined) return;
    const state = sessionStateOf(ctx);
    const finals = state === undefined ? [] : snapshotSessions(state.handedOut);
    for (let attempt = 0; ; attempt += 1) {
      try {
        await txn.commit();
        this.isCommitted = true;
        return;
      } catch (error) {
        await txn.abort();
        if (!(error instanceof ConflictError)) throw error;
        if (attempt >= retries || state?.unlocked) {
          throw new ZoaError('The session changed concurrently; please try again', {
            status: 409,
            cause: error,
          });
        }
      }
      txn = this.tm.begin({ note: 'sessions (replay)' });
      this.txn = txn;
      await replaySessions(await container(txn), finals);
    }
  }

  async abort(): Promise<void> {
    await this.txn?.abort();
  }

  end(): void {
    for (const release of this.releases.splice(0)) release();
  }
}
