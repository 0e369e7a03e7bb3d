import type { ClientBase } from 'pg';
import type { Tid } from './interfaces';
import type { PostgresStatements } from './postgres-statements';

/** How many transactions of the change log one prune statement covers. */
const TIDS_PER_STATEMENT = 1000;

/** What {@link prunePostgresRevisions} may remove. */
export interface PruneLimits {
  /** Revisions replaced less than this long ago are kept (other processes' snapshots). */
  readonly windowSeconds: number;
  /**
   * The oldest snapshot open in this process (every revision it can read is kept). Called once
   * the prune's view of the database is fixed, so that a snapshot whose query ran before that
   * is already registered (see `PostgresStorage.openSnapshot`).
   */
  readonly oldestSnapshot: () => Tid | undefined;
  /** How many recent transactions the change log keeps for `openSnapshot(since)`. */
  readonly changeLogSize: number;
}

/** What one prune did. */
export interface PruneResult {
  /** Revisions deleted. */
  readonly revisions: number;
  /** Revisions replaced at or before this tid are now pruned. */
  readonly prunedTid: Tid;
}

/**
 * Deletes the revisions no protected snapshot can read: those replaced by a transaction that
 * committed more than `windowSeconds` ago and is not newer than this process's oldest open
 * snapshot; then truncates the change log to `changeLogSize` transactions (never below the
 * prune progress). Run inside a transaction holding the prune lock; the caller commits.
 *
 * Every transaction is visited once: the progress (`pruned_tid`) moves forward in the same
 * database transaction as the deletes.
 *
 * @example
 * ```ts
 * await client.query(sql.beginPrune);
 * const oldestSnapshot = () => snapshots.oldest();
 * await prunePostgresRevisions(client, sql, { windowSeconds: 300, oldestSnapshot, changeLogSize });
 * await client.query('COMMIT');
 * ```
 */
export async function prunePostgresRevisions(
  client: ClientBase,
  sql: PostgresStatements,
  limits: PruneLimits,
): Promise<PruneResult> {
  const { rows } = await client.query<{
    pruned_tid: Tid;
    log_floor: Tid;
    last_tid: Tid;
    first_in_window: Tid | null;
  }>(sql.pruneBounds, [limits.windowSeconds]);
  const bounds = rows[0];
  if (bounds === undefined) throw new Error('PostgresStorage: the prune_state row is missing');
  // A snapshot at tid t reads, per oid, the newest revision <= t: revisions replaced by
  // transactions up to t are garbage for it. The first transaction still inside the window
  // bounds the horizon too (so a clock step back cannot let a newer transaction through).
  const windowHorizon =
    bounds.first_in_window === null ? bounds.last_tid : bounds.first_in_window - 1;
  const horizon = Math.min(windowHorizon, limits.oldestSnapshot() ?? Infinity);
  let revisions = 0;
  for (let after = bounds.pruned_tid; after < horizon; after += TIDS_PER_STATEMENT) {
    const upTo = Math.min(after + TIDS_PER_STATEMENT, horizon);
    const result = await client.query(sql.pruneRange, [after, upTo, horizon]);
    revisions += result.rowCount ?? 0;
  }
  const prunedTid = Math.max(bounds.pruned_tid, horizon);
  const logFloor = Math.max(
    bounds.log_floor,
    Math.min(prunedTid, bounds.last_tid - limits.changeLogSize),
  );
  if (prunedTid > bounds.pruned_tid || logFloor > bounds.log_floor) {
    await client.query(sql.pruneDone, [prunedTid, logFloor]);
  }
  return { revisions, prunedTid };
}
