import { Pool, type ClientBase, type PoolClient, type QueryResult, type QueryResultRow } from 'pg';
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
import { postgresPack, postgresRecord, type PostgresObjectRow } from './postgres-pack';
import { prunePostgresRevisions, type PruneLimits } from './postgres-prune-revisions';
import { PostgresSnapshotTooOldError } from './postgres-snapshot-too-old-error';
import {
  POSTGRES_OID_BLOCK,
  POSTGRES_SCHEMA_VERSION,
  postgresStatements,
  type NamedStatement,
  type PostgresStatements,
} from './postgres-statements';
import {
  resolvePostgresStorageOptions,
  type PostgresStorageOptions,
  type ResolvedPostgresStorageOptions,
} from './postgres-storage-options';
import { postgresTypeParsers } from './postgres-type-parsers';
import { SnapshotRegistry } from './snapshot-registry';

/** A background prune starts after this many commits of this process. */
const PRUNE_EVERY_COMMITS = 100;
/** PostgreSQL ends a session idle inside a transaction this long (a hung committer). */
const IDLE_IN_TRANSACTION_MS = 60_000;

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
  private nextOid: Oid = 0;
  private oidLimit: Oid = 0;
  private oidBlock: Promise<void> | undefined;
  private commitsSincePrune = 0;
  private pruning: Promise<void> | undefined;
  private closed = false;

  private constructor(options: ResolvedPostgresStorageOptions) {
    this.options = options;
    this.name = options.name;
    this.schema = options.schema;
    this.sql = postgresStatements(options.schema);
    this.pool = new Pool({
      connectionString: options.connectionString,
      max: options.poolSize,
      types: postgresTypeParsers,
      application_name: 'zoa',
      idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
    });
    // An idle connection that breaks (server restart) must not crash the process.
    this.pool.on('error', (error) => this.options.onBackgroundError(error));
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
      await storage.initialize();
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
    const row = await this.one<{ last_tid: Tid; changed: Oid[] | null }>(this.sql.snapshot, [
      since,
    ]);
    this.snapshots.open(row.last_tid);
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

  /** A fresh oid from a block of {@link POSTGRES_OID_BLOCK} this process took from the sequence. */
  async newOid(): Promise<Oid> {
    this.assertOpen();
    while (this.nextOid >= this.oidLimit) {
      this.oidBlock ??= this.takeOidBlock().finally(() => {
        this.oidBlock = undefined;
      });
      await this.oidBlock;
    }
    const oid = this.nextOid;
    this.nextOid += 1;
    return oid;
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
      if (client !== undefined) await rollback(client);
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
      await rollback(committer.client);
      throw error;
    } finally {
      this.commitLock.end(txn);
    }
    this.afterCommit();
    return pending.tid;
  }

  async tpcAbort(txn: StorageTransaction): Promise<void> {
    if (!this.commitLock.holds(txn)) return;
    const committer = this.committer?.txn === txn ? this.committer : undefined;
    this.committer = undefined;
    try {
      if (committer !== undefined) await rollback(committer.client);
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
      return this.transaction(this.sql.beginExclusive, async (client) => {
        await client.query(this.sql.lockPrune);
        await prunePostgresRevisions(client, this.sql, this.pruneLimits());
        return { removed: await postgresPack(client, this.sql, referencesOf) };
      });
    });
  }

  /**
   * Deletes the revisions no snapshot may read any more: replaced more than
   * `snapshotWindowSeconds` ago and not readable by a snapshot open in this process. Runs in the
   * background every {@link PRUNE_EVERY_COMMITS} commits of this process; returns how many
   * revisions it deleted (0 when another process is pruning right now).
   */
  async prune(): Promise<number> {
    this.assertOpen();
    return this.transaction(this.sql.beginPrune, async (client, begun) => {
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
    if (committer !== undefined) await rollback(committer.client);
    await this.pruning;
    await this.pool.end();
  }

  /** Creates the schema when missing (once, under a lock) and checks its version. */
  private async initialize(): Promise<void> {
    // A plain query of the catalog (not to_regclass, whose catalog snapshot may predate the lock).
    const exists = async (client: ClientBase | Pool): Promise<boolean> => {
      const text = `SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = 'meta'`;
      return (await client.query(text, [this.schema])).rows.length > 0;
    };
    if (!(await exists(this.pool))) {
      await this.transaction('BEGIN', async (client) => {
        await client.query(this.sql.lockInit);
        if (!(await exists(client))) await client.query(this.sql.create);
      });
    }
    const { schema_version } = await this.one<{ schema_version: number }>(this.sql.version, []);
    if (schema_version !== POSTGRES_SCHEMA_VERSION) {
      throw new ZoaError(`${this.name}: unsupported schema version ${schema_version}`);
    }
  }

  private async takeOidBlock(): Promise<void> {
    const { first } = await this.one<{ first: Oid }>(this.sql.nextOidBlock, []);
    this.nextOid = first;
    this.oidLimit = first + POSTGRES_OID_BLOCK;
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
      oldestSnapshot: this.snapshots.oldest(),
      changeLogSize: this.options.changeLogSize,
    };
  }

  /** Runs `work` in a database transaction begun with `begin`; commits, or rolls back on error. */
  private async transaction<T>(
    begin: string,
    work: (client: PoolClient, begun: QueryResult[]) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    let result: T;
    try {
      result = await work(client, await simpleQuery(client, begin));
      await client.query('COMMIT');
    } catch (error) {
      await rollback(client);
      throw error;
    }
    client.release();
    return result;
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

/** Runs a text with the simple protocol (several statements allowed); one result per statement. */
async function simpleQuery(client: ClientBase, text: string): Promise<QueryResult[]> {
  const result = (await client.query(text)) as QueryResult | QueryResult[];
  return Array.isArray(result) ? result : [result];
}

/** Rolls back and returns the connection to the pool; destroys it when that fails. */
async function rollback(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
    client.release();
  } catch (error) {
    client.release(asError(error));
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
