import type { ClassRegistry } from './class-registry';
import { classRegistry } from './class-registry';
import { ConflictError } from './conflict-error';
import { Connection } from './connection';
import type { Storage } from './interfaces';
import { ROOT_OID } from './interfaces';
import type { Persistent } from './persistent';
import { metaOf } from './persistent';
import { PersistentMapping } from './persistent-mapping';
import { referencesIn } from './serializer';
import { Transaction } from './transaction';

/** Options of {@link Database}. */
export interface DatabaseOptions {
  /** The database's name in a multi-database setup (default `main`). */
  name?: string;
  /** Class registry for records (default: the global `classRegistry`). */
  registry?: ClassRegistry;
  /** Makes the root object when the storage has none (default: a `PersistentMapping`). */
  rootFactory?: () => Persistent;
  /** Objects each connection keeps loaded between transactions (default 10,000). */
  cacheSize?: number;
  /** Idle connections kept for reuse (default 16). */
  poolSize?: number;
  /**
   * Report loaded objects changed without `markChanged()` by failing their commit (costs a
   * re-serialization of every loaded object per commit). Default: on when `NODE_ENV` is
   * `development` or `test`.
   */
  devChecks?: boolean;
  /** The other databases of a multi-database setup, by name (shared; this one is added). */
  databases?: Map<string, Database>;
}

/**
 * A storage plus the machinery to use it: a pool of {@link Connection}s, the class registry and
 * the root object. Several databases sharing one `databases` map form a multi-database (for
 * mount points); one {@link Transaction} commits across all of them.
 *
 * @example
 * ```ts
 * const db = await Database.open(new SqliteStorage({ path: 'var/Data.sqlite' }));
 * await new TransactionManager().run(async (txn) => {
 *   const root = await (await txn.open(db)).root();
 * });
 * ```
 */
export class Database {
  readonly name: string;
  readonly storage: Storage;
  readonly registry: ClassRegistry;
  readonly databases: Map<string, Database>;
  readonly cacheSize: number;
  readonly devChecks: boolean;
  private readonly poolSize: number;
  private readonly rootFactory: (() => Persistent) | undefined;
  private readonly pool: Connection[] = [];
  private closed = false;

  constructor(storage: Storage, options: DatabaseOptions = {}) {
    this.storage = storage;
    this.name = options.name ?? 'main';
    this.registry = options.registry ?? classRegistry;
    this.cacheSize = options.cacheSize ?? 10_000;
    this.poolSize = options.poolSize ?? 16;
    this.rootFactory = options.rootFactory;
    const env = process.env.NODE_ENV;
    this.devChecks = options.devChecks ?? (env === 'development' || env === 'test');
    this.databases = options.databases ?? new Map();
    if (this.databases.has(this.name))
      throw new Error(`A database named "${this.name}" already exists`);
    this.databases.set(this.name, this);
  }

  /** Creates a database and makes sure it has a root object. */
  static async open(storage: Storage, options: DatabaseOptions = {}): Promise<Database> {
    const db = new Database(storage, options);
    await db.ensureRoot();
    return db;
  }

  /** Creates the root object (with the root factory) when the storage has none yet. */
  async ensureRoot(): Promise<void> {
    if (await this.storage.load(ROOT_OID)) return;
    const txn = new Transaction({ note: 'Create root' });
    try {
      const conn = await txn.open(this);
      const root = this.rootFactory ? this.rootFactory() : new PersistentMapping();
      metaOf(root).oid = ROOT_OID;
      conn.add(root);
      await txn.commit();
    } catch (error) {
      await txn.abort();
      // another process created the root at the same moment: that root is as good as ours
      if (error instanceof ConflictError && (await this.storage.load(ROOT_OID))) return;
      throw error;
    }
  }

  /**
   * @internal A connection from the pool, begun on a fresh snapshot and joined to `txn`; without
   * a promise when the storage opens snapshots without one.
   *
   * @throws Error when the database is closed.
   */
  connect(txn: Transaction): Connection | Promise<Connection> {
    if (this.closed) throw new Error(`Database "${this.name}" is closed`);
    const conn = this.pool.pop() ?? new Connection(this);
    const begun = conn.begin(txn);
    if (begun instanceof Promise) {
      return begun.then(() => {
        txn.join(conn);
        return conn;
      });
    }
    txn.join(conn);
    return conn;
  }

  /** @internal Called by a connection when its transaction is over. */
  releaseConnection(conn: Connection): void {
    if (!this.closed && this.pool.length < this.poolSize) this.pool.push(conn);
  }

  /** Removes every object no longer reachable from the root. */
  async pack(): Promise<{ removed: number }> {
    return this.storage.pack((record) => referencesIn(record.state));
  }

  /** Closes the storage; open transactions must be over. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pool.length = 0;
    this.databases.delete(this.name);
    await this.storage.close();
  }
}
