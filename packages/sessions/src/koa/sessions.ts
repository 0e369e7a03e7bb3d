import type { ExtendableContext, Middleware } from 'koa';
import { ConflictError, Database, ROOT_OID, TransactionManager, ZoaError } from '@zoa/core';
import type { Connection, Persistent, Storage, Transaction } from '@zoa/core';
import { TemporaryStorage } from '@zoa/temporary-folder';
import { BrowserIdManager } from '../browser-id/browser-id-manager';
import type { BrowserIdSettings } from '../browser-id/browser-id-settings';
import {
  encodeBrowserIdInUrls,
  prefixRedirectLocation,
} from '../browser-id/encode-browser-id-in-urls';
import { consumeUrlBrowserId } from '../browser-id/url-namespace';
import type { SessionSource, SessionState } from '../session-data/request-sessions';
import { sessionStateOf } from '../session-data/request-sessions';
import { startHousekeepingTimer } from '../transience/housekeeping-timer';
import type { Clock, NotificationFunction, TransienceLogger } from '../transience/interfaces';
import { silentLogger, systemClock } from '../transience/interfaces';
import { TransientObjectContainer } from '../transience/transient-object-container';
import { expireEndedSession } from './expire-ended-session';
import { bindSessions } from './session-accessor';
import type { SessionSnapshot } from './session-replay';
import { replaySessions, snapshotSessions } from './session-replay';

/** Options of {@link sessions}: browser id settings plus the container's. */
export interface SessionsOptions extends Partial<BrowserIdSettings> {
  /** Minutes of inactivity before a session expires; 0 = never (default 20). */
  timeoutMinutes?: number;
  /** Timeslice in seconds, dividing the timeout (default 20). */
  periodSeconds?: number;
  /**
   * Minutes after its creation at which a session ends however active it is; 0 = off (default).
   * The browser then gets a new session (and id) on its next use (S-15).
   */
  absoluteTimeoutMinutes?: number;
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
/** What a request's unit of work records (the transaction copies it). */
const UNIT_INFO = Object.freeze({ note: 'sessions' });
let instances = 0;

/**
 * Sessions for a plain Koa app, without the object tree or the publisher: `ctx.session()` as in
 * a Zoa site (lazy, strict ids, secure cookie, locking, key-by-key merge), kept in a container
 * that is the root of a database of its own (a `TemporaryStorage` unless `storage` is given). Each request that
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
    absoluteTimeoutMinutes = 0,
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
    absoluteTimeoutMinutes,
    limit,
  }); // validates the container options now
  if (!Number.isInteger(retries) || retries < 0) {
    throw new RangeError(`sessions: retries must be an integer >= 0, not ${String(retries)}`);
  }
  const store = new SessionStore({
    storage,
    prototype,
    housekeepingIntervalMs,
    wire: (container) => {
      container.setClock(clock);
      container.setLogger(logger);
      container.setAddNotificationTarget(addNotification ?? null);
      container.setDelNotificationTarget(delNotification ?? null);
    },
    logger,
  });

  async function zoaStandaloneSessions(
    ctx: ExtendableContext,
    next: () => Promise<unknown>,
  ): Promise<void> {
    const encode = bim.isUrlInBidNamespaces() && bim.getAutoUrlEncoding();
    if (bim.isUrlInBidNamespaces()) consumeUrlBrowserId(ctx, bim.getBrowserIdName());
    if (encode) encodeBrowserIdInUrls(ctx, bim.getBrowserIdName());
    const unit = new Unit(store, bim);
    bindSessions(ctx, unit);
    try {
      await next();
      const committing = unit.commit(ctx, retries);
      if (committing !== undefined) await committing;
    } catch (error) {
      await unit.abort();
      throw error;
    } finally {
      unit.end();
    }
    if (encode) prefixRedirectLocation(ctx, bim.getBrowserIdName());
    expireEndedSession(ctx);
  }
  return Object.assign(zoaStandaloneSessions, {
    browserIdManager: bim,
    close: () => store.close(),
  });
}

/** The database of one `sessions()` middleware, opened on first use: its root is the container. */
class SessionStore {
  readonly tm = new TransactionManager();
  readonly scope = `sessions#${(instances += 1)}`;
  /** The database once open (a request then needs no await to get it). */
  opened: Database | undefined;
  private opening: Promise<Database> | undefined;
  private stopTimer: (() => void) | undefined;

  constructor(
    private readonly options: {
      storage: Storage | undefined;
      prototype: TransientObjectContainer;
      housekeepingIntervalMs: number;
      wire: (container: TransientObjectContainer) => void;
      logger: TransienceLogger;
    },
  ) {}

  database(): Promise<Database> {
    this.opening ??= this.open();
    return this.opening;
  }

  /**
   * The container in `txn`, with the middleware's clock, logger and notifications; without a
   * promise when the database is open and the container loaded.
   */
  container(txn: Transaction): TransientObjectContainer | Promise<TransientObjectContainer> {
    const db = this.opened;
    if (db === undefined) return this.database().then((opened) => this.containerIn(txn, opened));
    return this.containerIn(txn, db);
  }

  private containerIn(
    txn: Transaction,
    db: Database,
  ): TransientObjectContainer | Promise<TransientObjectContainer> {
    const connection = txn.connect(db);
    if (connection instanceof Promise) return connection.then((open) => this.rootOf(open));
    return this.rootOf(connection);
  }

  private rootOf(
    connection: Connection,
  ): TransientObjectContainer | Promise<TransientObjectContainer> {
    const root = connection.getNow(ROOT_OID);
    if (root instanceof Promise) return root.then((loaded) => this.wired(loaded));
    return this.wired(root);
  }

  private wired(root: Persistent): TransientObjectContainer {
    const container = root as TransientObjectContainer;
    this.options.wire(container);
    return container;
  }

  async close(): Promise<void> {
    this.stopTimer?.();
    if (this.opening) await (await this.opening).close();
  }

  private async open(): Promise<Database> {
    const { storage, prototype, housekeepingIntervalMs, logger } = this.options;
    const db = await Database.open(storage ?? new TemporaryStorage(), {
      name: this.scope,
      rootFactory: () => prototype,
    });
    if (housekeepingIntervalMs > 0) {
      this.stopTimer = startHousekeepingTimer(
        housekeepingIntervalMs,
        (batch) => this.tm.run(async (txn) => batch(await this.container(txn))),
        { onError: (error) => logger.warn('Sweeping expired sessions failed', error) },
      );
    }
    this.opened = db;
    return db;
  }
}

/** One request's unit of work (begun on the first session access) and its session source. */
class Unit implements SessionSource {
  readonly lockScope: string;
  private readonly releases: (() => void)[] = [];
  private isCommitted = false;
  private txn: Transaction | undefined;

  constructor(
    private readonly store: SessionStore,
    readonly browserIdManager: BrowserIdManager,
  ) {
    this.lockScope = store.scope;
  }

  container(): TransientObjectContainer | Promise<TransientObjectContainer> {
    this.txn ??= this.store.tm.begin(UNIT_INFO);
    return this.store.container(this.txn);
  }

  onUnitEnd(release: () => void): void {
    this.releases.push(release);
  }

  committed(): boolean {
    return this.isCommitted;
  }

  /**
   * Commits (undefined: the request used no session); a conflict is replayed on fresh data while
   * every session lock was held.
   */
  commit(ctx: ExtendableContext, retries: number): Promise<void> | undefined {
    const txn = this.txn;
    if (txn === undefined) return undefined;
    const state = sessionStateOf(ctx);
    const finals = state === undefined ? [] : snapshotSessions(state.handedOut);
    return txn.commit().then(
      () => {
        this.isCommitted = true;
      },
      (error: unknown) => this.replay(txn, error, retries, state, finals),
    );
  }

  /** After a failed commit: aborts, and replays a conflict on fresh data (`retries` times). */
  private async replay(
    failed: Transaction,
    failure: unknown,
    retries: number,
    state: SessionState | undefined,
    finals: readonly SessionSnapshot[],
  ): Promise<void> {
    let txn = failed;
    let error = failure;
    for (let attempt = 0; ; attempt += 1) {
      await txn.abort();
      if (!(error instanceof ConflictError)) throw error;
      if (attempt >= retries || state?.unlocked) {
        throw new ZoaError('The session changed concurrently; please try again', {
          status: 409,
          cause: error,
        });
      }
      txn = this.store.tm.begin({ note: 'sessions (replay)' });
      this.txn = txn;
      await replaySessions(await this.store.container(txn), finals);
      try {
        await txn.commit();
        this.isCommitted = true;
        return;
      } catch (next) {
        error = next;
      }
    }
  }

  async abort(): Promise<void> {
    await this.txn?.abort();
  }

  end(): void {
    const releases = this.releases;
    // a release wakes the next holder in a later microtask, never during this loop
    for (const release of releases) release();
    releases.length = 0;
  }
}
