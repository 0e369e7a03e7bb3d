import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { ZoaError } from '../errors';
import { CommitLock } from './commit-lock';
import { ConflictError } from './conflict-error';
import type {
  DataRecord,
  Oid,
  RecordWrite,
  Snapshot,
  Storage,
  StorageStats,
  StorageTransaction,
  Tid,
} from './interfaces';
import { PostgresOidBlocks } from './postgres-oid-blocks';
import { postgresPack, postgresRecord, type PostgresObjectRow } from './postgres-pack';
import { createPostgresPool } from './postgres-pool';
import { prunePostgresRevisions, type PruneLimits } from './postgres-prune-revisions';
import { PostgresSnapshotTooOldError } from './postgres-snapshot-too-old-error';
import { ensurePostgresSchema, POSTGRES_OID_BLOCK } from './postgres-schema';
import {
  postgresStatements,
  type NamedStatement,
  type PostgresStatements,
} from './postgres-statements';
import {
  resolvePostgresStorageOptions,
  type PostgresStorageOptions,
  type ResolvedPostgresStorageOptions,
} from './postgres-storage-options';
import { postgresTransaction, rollbackAndRelease, simpleQuery } from './postgres-transaction';
import { SnapshotRegistry } from './snapshot-registry';

/** A background prune starts after this many commits of this process. */
const PRUNE_EVERY_COMMITS = 100;

/** The two-phase commit holding the commit lock, with its database connection. */
interface Committer {
  readonly txn: StorageTransaction;
  readonly client: PoolClient;
  /** The last committed tid, read once the cross-process lock was held. */
  readonly lastTid: Tid;
}

/**
 * A {@link Storage} in PostgreSQL (`pg`), for several app processes sharing one database.
 *
 * Every revision is a row of `objects(oid, tid, class, state)`; a snapshot is a tid, and a load
 * at tid `t` reads the newest row with `tid <= t`. Commits take an in-process lock, then a
 * transaction-level advisory lock shared by every process on the schema; the vote checks the
 * base serials and writes the rows, the change log entry and the last tid in one statement; the
 * finish commits. `openSnapshot(since)` reads the change log, so a process sees which objects
 * other processes changed. Replaced revisions are pruned in the background once older than
 * `snapshotWindowSeconds` and not readable by a snapshot open in this process (ADR 0005).
 *
 * @example
 * ```ts
 * const storage = await PostgresStorage.open({
 *   connectionString: 'postgres://zoa@db.internal:5432/site',
 *   schema: 'zoa',
 * });
 * const db = await Database.open(storage);
 * // ... every `zoa serve` process opens the same schema ...
 * await db.close();
 * ```
 */
export class PostgresStorage implements Storage {
  readonly name: string;
  /** The schema holding the tables. */
  readonly schema: string;
  private readonly options: ResolvedPostgresStorageOptions;
  private readonly pool: Pool;
  private readonly sql: PostgresStatements;
  private readonly commitLock = new CommitLock();
  private readonly snapshots = new SnapshotRegistry();
  private committer: Committer | undefined;
  private readonly oids: PostgresOidBlocks;
  /** A committed tid this process has seen: every later snapshot is at or above it. */
  private knownTid: Tid = 0;
  private commitsSincePrune = 0;
  private pruning: Promise<void> | undefined;
  private closed = false;

  private constructor(options: ResolvedPostgresStorageOptions) {
    this.options = options;
    this.name = options.name;
    this.schema = options.schema;
    this.sql = postgresStatements(options.schema);
    this.pool = createPostgresPool(options);
    this.oids = new PostgresOidBlocks(POSTGRES_OID_BLOCK, async () => {
      return (await this.one<{ first: Oid }>(this.sql.nextOidBlock, [])).first;
    });
  }

  /**
   * Connects, creates the schema and its tables when missing, and checks the schema version.
   *
   * @throws TypeError on bad options; the connection's error when PostgreSQL cannot be reached;
   * ZoaError when the schema has a version this code does not know.
   */
  static async open(options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    const storage = new PostgresStorage(resolvePostgresStorageOptions(options));
    try {
      await ensurePostgresSchema(storage.pool, storage.schema, storage.name);
    } catch (error) {
      await storage.close();
      throw error;
    }
    return storage;
  }

  async lastTransaction(): Promise<Tid> {
    this.assertOpen();
    return (await this.one<{ last_tid: Tid }>(this.sql.lastTid, [])).last_tid;
  }

  async openSnapshot(since: Tid | null): Promise<Snapshot> {
    this.assertOpen();
    // Until the query answers, hold a snapshot at a tid it cannot be below, so a prune of this
    // process that reads the registry meanwhile keeps what the new snapshot will read.
    const provisional = this.knownTid;
    this.snapshots.open(provisional);
    let row: { last_tid: Tid; changed: Oid[] | null };
    try {
      row = await this.one(this.sql.snapshot, [since]);
    } finally {
      this.snapshots.close(provisional);
    }
    this.snapshots.open(row.last_tid);
    this.knownTid = Math.max(this.knownTid, row.last_tid);
    return { tid: row.last_tid, changed: since === null ? null : row.changed };
  }

  closeSnapshot(tid: Tid): void {
    this.snapshots.close(tid);
  }

  async load(oid: Oid, at?: Tid): Promise<DataRecord | undefined> {
    this.assertOpen();
    const statement = at === undefined ? this.sql.loadLatest : this.sql.loadAt;
    const values = at === undefined ? [oid] : [oid, at];
    const { rows } = await this.pool.query<PostgresObjectRow>({ ...statement, values });
    const row = rows[0];
    if (row !== undefined) return postgresRecord(row);
    if (at !== undefined) {
      // Missing at an old snapshot: another process may have pruned what it needed.
      const { pruned_tid } = await this.one<{ pruned_tid: Tid }>(this.sql.prunedTid, []);
      if (at < pruned_tid) throw new PostgresSnapshotTooOldError(oid, at, pruned_tid);
    }
    return undefined;
  }

  /** A fresh oid, from a block of 64 this process took from the shared sequence. */
  async newOid(): Promise<Oid> {
    this.assertOpen();
    return this.oids.next();
  }

  async tpcBegin(txn: StorageTransaction): Promise<void> {
    this.assertOpen();
    await this.commitLock.begin(txn);
    let client: PoolClient | undefined;
    try {
      this.assertOpen();
      client = await this.pool.connect();
      const results = await simpleQuery(client, this.sql.beginCommit);
      const lastTid: unknown = results[2]?.rows[0]?.last_tid;
      if (typeof lastTid !== 'number') throw new ZoaError(`${this.name}: the meta row is missing`);
      this.assertOpen();
      this.committer = { txn, client, lastTid };
    } catch (error) {
      if (client !== undefined) await rollbackAndRelease(client);
      this.commitLock.end(txn);
      throw error;
    }
  }

  store(txn: StorageTransaction, write: RecordWrite): void {
    this.commitLock.pendingOf(txn, 'store').store(write);
  }

  async tpcVote(txn: StorageTransaction): Promise<void> {
    const pending = this.commitLock.pendingOf(txn, 'tpcVote');
    const committer = this.committerOf(txn);
    if (pending.voted) return;
    const tid = committer.lastTid + 1;
    const writes = [...pending.writes.values()];
    const { rows } = await committer.client.query<{ oid: Oid; base: Tid; serial: Tid }>({
      ...this.sql.vote,
      values: [
        writes.map((write) => write.oid),
        writes.map((write) => write.baseSerial),
        writes.map((write) => write.className),
        writes.map((write) => write.state),
        tid,
      ],
    });
    if (rows.length > 0) {
      throw ConflictError.of(
        rows.map((row) => ({ oid: row.oid, baseSerial: row.base, currentSerial: row.serial })),
      );
    }
    pending.tid = tid;
    pending.voted = true;
  }

  async tpcFinish(txn: StorageTransaction): Promise<Tid> {
    const pending = this.commitLock.pendingOf(txn, 'tpcFinish');
    if (!pending.voted) throw new ZoaError('tpcFinish before a successful tpcVote');
    const committer = this.committerOf(txn);
    this.committer = undefined;
    try {
      await simpleQuery(committer.client, this.sql.finish(pending.tid));
      committer.client.release();
    } catch (error) {
      await rollbackAndRelease(committer.client);
      throw error;
    } finally {
      this.commitLock.end(txn);
    }
    this.knownTid = Math.max(this.knownTid, pending.tid);
    this.afterCommit();
    return pending.tid;
  }

  async tpcAbort(txn: StorageTransaction): Promise<void> {
    if (!this.commitLock.holds(txn)) return;
    const committer = this.committer?.txn === txn ? this.committer : undefined;
    this.committer = undefined;
    try {
      if (committer !== undefined) await rollbackAndRelease(committer.client);
    } finally {
      this.commitLock.end(txn);
    }
  }

  /**
   * Prunes (see {@link prune}), then removes the objects unreachable from the root through any
   * kept revision, holding the commit lock of every process meanwhile. Removes nothing when the
   * root does not exist.
   */
  async pack(referencesOf: (record: DataRecord) => Iterable<Oid>): Promise<{ removed: number }> {
    this.assertOpen();
    return this.commitLock.exclusive(async () => {
      this.assertOpen();
      return postgresTransaction(this.pool, this.sql.beginExclusive, async (client) => {
        await client.query(this.sql.lockPrune);
        await prunePostgresRevisions(client, this.sql, this.pruneLimits());
        return { removed: await postgresPack(client, this.sql, referencesOf) };
      });
    });
  }

  /**
   * Deletes the revisions no snapshot may read any more: replaced more than
   * `snapshotWindowSeconds` ago and not readable by a snapshot open in this process. Runs in the
   * background every 100 commits of this process; returns how many
   * revisions it deleted (0 when another process is pruning right now).
   */
  async prune(): Promise<number> {
    this.assertOpen();
    return postgresTransaction(this.pool, this.sql.beginPrune, async (client, begun) => {
      if (begun[1]?.rows[0]?.locked !== true) return 0;
      return (await prunePostgresRevisions(client, this.sql, this.pruneLimits())).revisions;
    });
  }

  async stats(): Promise<StorageStats> {
    this.assertOpen();
    return this.one<StorageStats>(this.sql.stats, []);
  }

  /** Rolls back an unfinished commit, waits for a background prune and ends the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const committer = this.committer;
    this.committer = undefined;
    this.commitLock.abandon();
    if (committer !== undefined) await rollbackAndRelease(committer.client);
    await this.pruning;
    await this.pool.end();
  }

  private afterCommit(): void {
    this.commitsSincePrune += 1;
    if (this.commitsSincePrune < PRUNE_EVERY_COMMITS || this.pruning || this.closed) return;
    this.commitsSincePrune = 0;
    this.pruning = this.prune()
      .then(
        () => undefined,
        (error: unknown) => {
          if (!this.closed) this.options.onBackgroundError(asError(error));
        },
      )
      .finally(() => {
        this.pruning = undefined;
      });
  }

  private pruneLimits(): PruneLimits {
    return {
      windowSeconds: this.options.snapshotWindowSeconds,
      oldestSnapshot: () => this.snapshots.oldest(),
      changeLogSize: this.options.changeLogSize,
    };
  }

  /** The first row of a named statement (a one-row query). */
  private async one<R extends QueryResultRow>(
    statement: NamedStatement,
    values: unknown[],
  ): Promise<R> {
    const { rows } = await this.pool.query<R>({ ...statement, values });
    const row = rows[0];
    if (row === undefined) throw new ZoaError(`${this.name}: ${statement.name} returned no row`);
    return row;
  }

  private committerOf(txn: StorageTransaction): Committer {
    this.assertOpen();
    const committer = this.committer;
    if (committer?.txn !== txn)
      throw new ZoaError('the commit lock is held by another transaction');
    return committer;
  }

  private assertOpen(): void {
    if (this.closed) throw new ZoaError(`Storage ${this.name} is closed`);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
