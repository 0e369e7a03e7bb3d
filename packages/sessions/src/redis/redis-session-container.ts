import { Redis } from 'ioredis';
import { ZoaError } from '@zoa/core';
import type { Transaction } from '@zoa/core';
import type { SessionContainer, SessionData } from '../session-data/session-data';
import { SessionsUnavailableError } from '../session-data/sessions-unavailable-error';
import type { Clock, NotificationFunction, TransienceLogger } from '../transience/interfaces';
import { silentLogger, systemClock } from '../transience/interfaces';
import { MaxTransientObjectsExceeded } from '../transience/max-transient-objects-exceeded';
import {
  checkAbsoluteTimeout,
  checkLimit,
  checkTimeout,
  hasOutlived,
  isLive,
  timesliceOf,
} from '../transience/timeslices';
import { ABSENT, APPLY_SCRIPT, HOUSEKEEP_SCRIPT } from './redis-scripts';
import type { RedisSessionHost, RedisSessionRecord } from './redis-transient-object';
import { RedisUnit } from './redis-unit';
import { RedisTransientObject } from './redis-transient-object';

/** Options of {@link RedisSessionContainer}. */
export interface RedisSessionContainerOptions {
  /** A Redis URL (`redis://host:6379/0`) or a client of your own (then you close it). */
  redis: string | Redis;
  /** Prefix of every key (default `zoa:sessions:`); several sites may share one Redis. */
  keyPrefix?: string;
  /** Minutes of inactivity before a session expires; 0 = never (default 20). */
  timeoutMinutes?: number;
  /** Timeslice in seconds, dividing the timeout (default 20). */
  periodSeconds?: number;
  /**
   * Minutes after its creation at which a session ends however active it is; 0 = off (default).
   * A session's key TTL never reaches past it (S-15).
   */
  absoluteTimeoutMinutes?: number;
  /** Most sessions held, 0 = unlimited (default 0). */
  limit?: number;
  /** Epoch-ms clock (default `Date.now`). */
  clock?: Clock;
  /** Where notification failures and connection errors go (default: nowhere). */
  logger?: TransienceLogger;
  /** Timeout of connecting and of each command, ms (default 1000; ). */
  timeoutMs?: number;
}

const META = {
  id: '@id',
  created: '@created',
  accessed: '@accessed',
  modified: '@modified',
  slice: '@slice',
};
const INBAND_BATCH = 16;
const REDIS_RETRY_AFTER_SECONDS = 5;
/** Expired data stays this long after expiry, so the sweep can pass it to the notification. */
const GRACE_SECONDS = 600;

/**
 * A session container in Redis (ioredis), for several app processes behind a load balancer:
 * the Transient Object Container's semantics — timeslices of `periodSeconds`, a session lives
 * between T and T + P after its last use, the limit (503 with `Retry-After` when full), add and
 * delete notifications, housekeeping in-band and by a timer, an optional absolute timeout from
 * creation (S-15: the hash's TTL never reaches past it) — with one hash per session and two
 * sorted sets as indexes (by last touch, by creation). Writes go with the request's unit of work (it joins the transaction
 * and votes last): keys merge one by one, a read-modify-write of a key changed meanwhile is a
 * conflict (the request is retried), an invalidation wins. Redis down: every call fails within
 * `timeoutMs` with {@link SessionsUnavailableError} (503), never queued, and the client
 * reconnects in the background. One Redis instance (not a cluster).
 *
 * @example
 * ```ts
 * const redis = new RedisSessionContainer({ redis: 'redis://127.0.0.1:6379', timeoutMinutes: 30 });
 * const sessions = redis.in(txn); // what the session data manager hands the request flow
 * ```
 */
export class RedisSessionContainer {
  readonly client: Redis;
  readonly keyPrefix: string;
  private readonly ownsClient: boolean;
  private readonly timeoutSeconds: number;
  private readonly periodSeconds: number;
  private readonly absoluteTimeoutMinutes: number;
  private readonly limit: number;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly logger: TransienceLogger;
  private readonly units = new WeakMap<Transaction, RedisUnit>();
  private add: NotificationFunction | undefined;
  private del: NotificationFunction | undefined;

  /** Connects (in the background). @throws TypeError / RangeError for bad options. */
  constructor(options: RedisSessionContainerOptions) {
    const periodSeconds = options.periodSeconds ?? 20;
    this.timeoutSeconds = checkTimeout(options.timeoutMinutes ?? 20, periodSeconds);
    this.periodSeconds = periodSeconds;
    this.absoluteTimeoutMinutes = checkAbsoluteTimeout(options.absoluteTimeoutMinutes ?? 0);
    this.limit = checkLimit(options.limit ?? 0);
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.keyPrefix = options.keyPrefix ?? 'zoa:sessions:';
    const timeout = options.timeoutMs ?? 1000;
    this.timeoutMs = timeout;
    this.ownsClient = typeof options.redis === 'string';
    this.client =
      typeof options.redis === 'string'
        ? new Redis(options.redis, {
            enableOfflineQueue: false,
            maxRetriesPerRequest: 0,
            connectTimeout: timeout,
            commandTimeout: timeout,
            disconnectTimeout: timeout,
            retryStrategy: (times) => Math.min(times * 200, 2000),
          })
        : options.redis;
    let lastWarning = 0;
    this.client.on('error', (error: unknown) => {
      const now = this.clock();
      if (now - lastWarning < 60_000) return;
      lastWarning = now;
      this.logger.warn('Redis for sessions: connection error', error);
    });
    this.client.defineCommand('zoaSessionApply', { numberOfKeys: 3, lua: APPLY_SCRIPT });
    this.client.defineCommand('zoaSessionHousekeep', { numberOfKeys: 2, lua: HOUSEKEEP_SCRIPT });
  }

  /** The container as the request flow sees it in `txn` (one view per transaction). */
  in(txn: Transaction): SessionContainer {
    let unit = this.units.get(txn);
    if (unit === undefined) {
      unit = new RedisUnit(this);
      this.units.set(txn, unit);
      txn.join(unit);
    }
    return unit;
  }

  /** Sets the add and delete notifications (functions; volatile). */
  setNotifications(targets: { add?: NotificationFunction; del?: NotificationFunction }): void {
    this.add = targets.add;
    this.del = targets.del;
  }

  getTimeoutMinutes(): number {
    return this.timeoutSeconds / 60;
  }

  getPeriodSeconds(): number {
    return this.periodSeconds;
  }

  /** Minutes after its creation at which a session ends whatever its activity (0 = off). */
  getAbsoluteTimeoutMinutes(): number {
    return this.absoluteTimeoutMinutes;
  }

  getSubobjectLimit(): number {
    return this.limit;
  }

  /** How many sessions are held (expired ones count until finalized). */
  get length(): Promise<number> {
    return this.call(() => this.client.zcard(this.indexKey()));
  }

  /** The live browser ids, oldest timeslice first. */
  async keys(): Promise<string[]> {
    const cutoff = this.currentSlice() - this.timeoutSeconds;
    const min = this.timeoutSeconds === 0 ? '-inf' : String(cutoff);
    const keys = await this.call(() => this.client.zrangebyscore(this.indexKey(), min, '+inf'));
    const birthCutoff = this.birthCutoff();
    if (birthCutoff === '') return keys;
    const ended = new Set(
      await this.call(() => this.client.zrangebyscore(this.birthKey(), '-inf', birthCutoff)),
    );
    return keys.filter((key) => !ended.has(key));
  }

  /**
   * Finalizes expired sessions — removes them and fires the delete notification for each —
   * at most `maxItems`; resolves to how many. A timer calls it.
   */
  async housekeep(options: { maxItems?: number } = {}): Promise<number> {
    const birthCutoff = this.birthCutoff();
    if (this.timeoutSeconds === 0 && birthCutoff === '') return 0;
    const cutoff = this.timeoutSeconds === 0 ? '' : this.currentSlice() - this.timeoutSeconds;
    const max = Math.min(options.maxItems ?? 1000, 10_000);
    const finalized = (await this.call(() =>
      (this.client as unknown as Scripts).zoaSessionHousekeep(
        this.indexKey(),
        this.birthKey(),
        cutoff,
        max,
        this.keyPrefix,
        birthCutoff,
      ),
    )) as string[][];
    for (const [key, ...fields] of finalized) {
      if (key === undefined || fields.length === 0) continue;
      const record = recordOf(key, fields);
      await this.notify('delete', new RedisTransientObject(record, this.detachedHost()));
    }
    return finalized.length;
  }

  /** Closes the client it opened (not one it was given). */
  async close(): Promise<void> {
    if (!this.ownsClient) return;
    if (this.client.status === 'ready') await this.client.quit().catch(() => undefined);
    else this.client.disconnect();
  }

  // --- for the unit of work ------------------------------------------------------------------

  /** @internal */
  now(): number {
    return this.clock();
  }

  /** @internal */
  currentSlice(): number {
    return timesliceOf(this.clock(), this.timeoutSeconds, this.periodSeconds);
  }

  /** @internal */
  sessionKey(key: string): string {
    return `${this.keyPrefix}${key}`;
  }

  /** @internal */
  indexKey(): string {
    return `${this.keyPrefix}@index`;
  }

  /** The sorted set of browser ids by creation time (epoch ms). @internal */
  birthKey(): string {
    return `${this.keyPrefix}@created`;
  }

  /** Sessions made at or before this epoch-ms time have ended; `''` when there is no absolute timeout. */
  private birthCutoff(): number | '' {
    const minutes = this.absoluteTimeoutMinutes;
    return minutes === 0 ? '' : this.clock() - minutes * 60_000;
  }

  /** The live record under `key`, or undefined. @internal */
  async load(key: string): Promise<RedisSessionRecord | undefined> {
    const hash = await this.call(() => this.client.hgetall(this.sessionKey(key)));
    const fields = Object.entries(hash).flat();
    if (fields.length === 0) return undefined;
    const record = recordOf(key, fields);
    const live =
      isLive(record.slice, this.currentSlice(), this.timeoutSeconds) &&
      !hasOutlived(record.created, this.clock(), this.absoluteTimeoutMinutes);
    return live ? record : undefined;
  }

  /** Checks the limit before a new session (after finalizing a few expired ones). @internal */
  async checkLimit(): Promise<void> {
    await this.housekeep({ maxItems: INBAND_BATCH });
    if (this.limit === 0) return;
    const length = await this.length;
    if (length < this.limit) return;
    let expiresAt = Infinity; // epoch seconds
    if (this.timeoutSeconds !== 0) {
      const oldest = await this.call(() => this.client.zrange(this.indexKey(), 0, 0, 'WITHSCORES'));
      const slice = Number(oldest[1] ?? this.currentSlice());
      expiresAt = slice + this.timeoutSeconds + this.periodSeconds;
    }
    if (this.absoluteTimeoutMinutes !== 0) {
      const oldest = await this.call(() => this.client.zrange(this.birthKey(), 0, 0, 'WITHSCORES'));
      if (oldest[1] !== undefined) {
        const end = (Number(oldest[1]) + this.absoluteTimeoutMinutes * 60_000) / 1000;
        expiresAt = Math.min(expiresAt, end);
      }
    }
    const retryAfter =
      expiresAt === Infinity ? 60 : Math.max(1, Math.ceil(expiresAt - this.clock() / 1000));
    throw new MaxTransientObjectsExceeded(length, this.limit, retryAfter);
  }

  /** Writes one session's changes (or deletes it); see `APPLY_SCRIPT`. @internal */
  async apply(
    session: RedisTransientObject | string,
    mode: 'create' | 'update' | 'delete',
  ): Promise<number> {
    const key = typeof session === 'string' ? session : session.getContainerKey();
    const args: (string | number)[] = [mode, key];
    if (typeof session === 'string' || mode === 'delete') {
      args.push('', '', '', 0, 0, 0);
    } else {
      const changes = session.changes();
      if (changes === undefined) return 1;
      const { meta } = changes;
      const ttl = this.ttlMs(meta.slice, session.getCreated());
      args.push(ttl === undefined ? '' : ttl, meta.slice);
      args.push(mode === 'create' ? session.getCreated() : '');
      args.push(changes.checks.length);
      for (const [field, json] of changes.checks) args.push(`=${field}`, json ?? ABSENT);
      const sets: (string | number)[] = [META.accessed, meta.accessed, META.slice, meta.slice];
      if (meta.modified !== null) sets.push(META.modified, meta.modified);
      if (mode === 'create')
        sets.push(META.id, session.getId(), META.created, session.getCreated());
      for (const [field, json] of changes.sets) sets.push(`=${field}`, json);
      args.push(
        sets.length / 2,
        ...sets,
        changes.deletes.length,
        ...changes.deletes.map((f) => `=${f}`),
      );
    }
    return (await this.call(() =>
      (this.client as unknown as Scripts).zoaSessionApply(
        this.sessionKey(key),
        this.indexKey(),
        this.birthKey(),
        ...args,
      ),
    )) as number;
  }

  /**
   * The TTL of a session hash touched in `slice` and made at `created`, ms (undefined: none):
   * idle expiry plus a grace for the sweep's notification, but never past the absolute timeout
   * (S-15) — Redis drops the hash then, even if nobody sweeps.
   */
  private ttlMs(slice: number, created: number): number | undefined {
    const now = this.clock();
    let expiresAt = Infinity;
    if (this.timeoutSeconds !== 0) {
      expiresAt = (slice + this.timeoutSeconds + this.periodSeconds + GRACE_SECONDS) * 1000;
    }
    if (this.absoluteTimeoutMinutes !== 0) {
      expiresAt = Math.min(expiresAt, created + this.absoluteTimeoutMinutes * 60_000);
    }
    return expiresAt === Infinity ? undefined : Math.max(1, Math.ceil(expiresAt - now));
  }

  /** Fires a notification; what it throws is logged. @internal */
  async notify(kind: 'add' | 'delete', session: SessionData): Promise<void> {
    const target = kind === 'add' ? this.add : this.del;
    if (target === undefined) return;
    try {
      await target(session, this);
    } catch (error) {
      this.logger.warn(
        `${kind === 'add' ? 'notifyAdd' : 'notifyDel'} failed for a Redis session`,
        error,
      );
    }
  }

  /**
   * Runs a Redis call — once the client is connected, waiting at most the timeout for it (the
   * offline queue is off, R-05); failures other than ours become 503s. @internal
   */
  async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      if (this.client.status !== 'ready') await this.connected();
      return await work();
    } catch (error) {
      if (error instanceof ZoaError) throw error;
      throw new SessionsUnavailableError(
        'Sessions are not available at the moment (their storage does not answer); please try again later.',
        { retryAfterSeconds: REDIS_RETRY_AFTER_SECONDS, cause: error },
      );
    }
  }

  /** Resolves once the client is ready; rejects after the timeout. */
  private connected(): Promise<void> {
    const client = this.client;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        reject(new Error('Redis is not connected'));
      }, this.timeoutMs);
      timer.unref();
      const onReady = (): void => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
      if (client.status === 'ready') onReady();
    });
  }

  private detachedHost(): RedisSessionHost {
    return {
      now: () => this.clock(),
      changed: () => undefined,
      invalidated: async () => undefined,
    };
  }
}

interface Scripts {
  zoaSessionApply(
    hash: string,
    index: string,
    births: string,
    ...args: (string | number)[]
  ): Promise<number>;
  zoaSessionHousekeep(
    index: string,
    births: string,
    cutoff: number | '',
    max: number,
    prefix: string,
    birthCutoff: number | '',
  ): Promise<string[][]>;
}

/** A record from a session hash's fields (`[field, value, ...]`). @internal */
export function recordOf(key: string, fields: readonly string[]): RedisSessionRecord {
  const data = new Map<string, string>();
  const meta = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const field = fields[i] as string;
    const value = fields[i + 1] as string;
    if (field.startsWith('=')) data.set(field.slice(1), value);
    else meta.set(field, value);
  }
  const modified = meta.get(META.modified);
  return {
    key,
    id: meta.get(META.id) ?? '',
    created: Number(meta.get(META.created) ?? 0),
    accessed: Number(meta.get(META.accessed) ?? 0),
    modified: modified === undefined ? null : Number(modified),
    slice: Number(meta.get(META.slice) ?? 0),
    data,
  };
}
