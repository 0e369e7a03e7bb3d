import type { Connection } from './connection';
import type { Database } from './database';
import type { ResourceManager } from './interfaces';

/** Where a transaction is in its life. */
export type TransactionStatus = 'active' | 'committing' | 'committed' | 'aborted';

/** Who and why, recorded with a transaction (shown by undo and logs). */
export interface TransactionInfo {
  user?: string;
  note?: string;
}

/**
 * One unit of work over any number of databases. `open(db)` gives this transaction's
 * connection to a database (one per database); `commit()` runs two-phase commit over every
 * joined connection — all of them commit or none does — and `abort()` drops every change.
 *
 * @example
 * ```ts
 * const txn = transactionManager.begin();
 * try {
 *   const root = await (await txn.open(db)).root<PersistentMapping>();
 *   root.set('greeting', 'hello');
 *   await txn.commit();
 * } catch (error) {
 *   await txn.abort();
 *   throw error;
 * }
 * ```
 */
export class Transaction {
  /** Who and why. */
  readonly info: TransactionInfo;
  private state: TransactionStatus = 'active';
  private readonly resources: ResourceManager[] = [];
  /** This transaction's connections, by database (made on first use). */
  private connections: Map<Database, Connection | Promise<Connection>> | undefined;
  private afterCommit: ((committed: boolean) => void)[] | undefined;
  /** Connections being opened: commit and abort wait for them. */
  private connecting = 0;

  constructor(info: TransactionInfo = {}) {
    this.info = { ...info };
  }

  /** The transaction's status. */
  get status(): TransactionStatus {
    return this.state;
  }

  /**
   * This transaction's connection to `db`, opened (on a fresh snapshot) on first use.
   *
   * @throws Error when the transaction is not active (a closed database rejects).
   */
  open(db: Database): Promise<Connection> {
    const connection = this.connect(db);
    return connection instanceof Promise ? connection : Promise.resolve(connection);
  }

  /**
   * @internal {@link open} without a promise when the connection is open already or opens without
   * I/O (for hot paths that would otherwise await a settled promise).
   *
   * @throws Error when the transaction is not active (a closed database rejects).
   */
  connect(db: Database): Connection | Promise<Connection> {
    this.assertActive();
    const connections = (this.connections ??= new Map());
    const known = connections.get(db);
    if (known !== undefined) return known;
    let connected: Connection | Promise<Connection>;
    try {
      connected = db.connect(this);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    connections.set(db, connected);
    if (!(connected instanceof Promise)) return connected;
    this.connecting += 1;
    connected.then(
      (connection) => {
        this.connecting -= 1;
        if (connections.get(db) === connected) connections.set(db, connection);
      },
      () => {
        this.connecting -= 1;
        if (connections.get(db) === connected) connections.delete(db);
      },
    );
    return connected;
  }

  /** Adds a resource manager (connections join themselves through {@link open}). */
  join(resource: ResourceManager): void {
    this.assertActive();
    if (!this.resources.includes(resource)) this.resources.push(resource);
  }

  /** Calls `hook(committed)` once the transaction is over. */
  addAfterCommitHook(hook: (committed: boolean) => void): void {
    (this.afterCommit ??= []).push(hook);
  }

  /**
   * Commits every joined resource with two-phase commit; on any error aborts all and rethrows
   * (a `ConflictError` when another transaction won). A step a resource finishes without a
   * promise is not awaited, so a commit that needs no I/O takes no extra microtask turns.
   */
  async commit(): Promise<void> {
    this.assertActive();
    this.state = 'committing';
    if (this.connecting > 0) await this.connected();
    const all = this.resources;
    if (all.length > 1) all.sort((a, b) => a.sortKey.localeCompare(b.sortKey));
    // Resources with nothing to write skip two-phase commit: no lock, no new transaction id.
    // `writers` stays `all` (no copy) while every resource has changes.
    let writers = all;
    let begun = 0;
    try {
      for (let i = 0; i < all.length; i += 1) {
        const resource = all[i] as ResourceManager;
        if (resource.hasChanges?.() ?? true) {
          if (writers !== all) writers.push(resource);
          continue;
        }
        if (writers === all) writers = all.slice(0, i);
        const done = resource.commitReadOnly?.();
        if (done !== undefined) await done;
      }
      for (const resource of writers) {
        const started = resource.tpcBegin();
        if (started !== undefined) await started;
        begun += 1;
      }
      for (const resource of writers) {
        const handed = resource.commit();
        if (handed !== undefined) await handed;
      }
      for (const resource of writers) {
        const voted = resource.tpcVote();
        if (voted !== undefined) await voted;
      }
    } catch (error) {
      for (const resource of all) {
        const index = writers.indexOf(resource);
        try {
          if (index >= 0 && index < begun) await resource.tpcAbort();
          else await resource.abort();
        } catch {
          // the first error is the one to report
        }
      }
      this.end('aborted', all);
      throw error;
    }
    for (const resource of writers) {
      const finished = resource.tpcFinish();
      if (finished !== undefined) await finished;
    }
    this.end('committed', all);
  }

  /** Drops every change of this transaction. Safe to call more than once. */
  async abort(): Promise<void> {
    if (this.state === 'committed' || this.state === 'aborted') return;
    if (this.connecting > 0) await this.connected();
    const resources = this.resources;
    for (const resource of resources) {
      const aborted = resource.abort();
      if (aborted !== undefined) await aborted;
    }
    this.end('aborted', resources);
  }

  /** Ends the transaction; `resources` is {@link resources} itself, emptied here. */
  private end(state: 'committed' | 'aborted', resources: ResourceManager[]): void {
    this.state = state;
    for (const resource of resources) resource.release();
    resources.length = 0;
    this.connections = undefined;
    const hooks = this.afterCommit;
    if (hooks === undefined || hooks.length === 0) return;
    this.afterCommit = undefined;
    for (const hook of hooks) hook(state === 'committed');
  }

  /** Settles once every connection being opened is open (or failed). */
  private async connected(): Promise<void> {
    await Promise.allSettled(this.connections?.values() ?? []); // Connections settle at once
  }

  private assertActive(): void {
    if (this.state !== 'active') throw new Error(`Transaction is ${this.state}`);
  }
}
