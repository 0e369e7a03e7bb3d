import { createHash } from 'node:crypto';
import type { Tid } from './interfaces';

/** A named (prepared once per pooled connection) parameterized statement. */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

/** Every SQL text {@link PostgresStorage} runs against one schema. */
export interface PostgresStatements {
  /** `BEGIN`, the commit lock, then the last tid (simple protocol; the lock comes first). */
  readonly beginCommit: string;
  /** `BEGIN` and the commit lock, waiting, for pack. */
  readonly beginExclusive: string;
  /** `BEGIN` and the prune lock without waiting: `locked` is false when another pruner runs. */
  readonly beginPrune: string;
  /** Takes the prune lock, waiting (pack, which already holds the commit lock). */
  readonly lockPrune: string;
  readonly lastTid: NamedStatement;
  /** `(since)` → `last_tid` and the oids written after `since` (null: the log starts later). */
  readonly snapshot: NamedStatement;
  /** `(oid, at)` → the newest row with `tid <= at`. */
  readonly loadAt: NamedStatement;
  /** `(oid)` → the newest row. */
  readonly loadLatest: NamedStatement;
  readonly prunedTid: NamedStatement;
  readonly nextOidBlock: NamedStatement;
  /**
   * `(oids, bases, classes, states, tid)`: writes the rows, the change log entry and `last_tid`
   * only when every base serial is current; returns the conflicting rows (none: written).
   */
  readonly vote: NamedStatement;
  /** Stamps transaction `tid` with the commit time and commits (simple protocol). */
  finish(tid: Tid): string;
  readonly stats: NamedStatement;
  /** `(windowSeconds)` → the prune state, `last_tid` and the first tid still in the window. */
  readonly pruneBounds: string;
  /** `(after, upTo, horizon)`: deletes revisions replaced by transactions in `(after, upTo]`. */
  readonly pruneRange: string;
  /** `(prunedTid, logFloor)`: records the progress and truncates the change log. */
  readonly pruneDone: string;
  /** `(oids)` → every kept revision of those oids. */
  readonly revisions: string;
  readonly createReachable: string;
  /** `(oids)`: adds oids to the temporary `reachable` table. */
  readonly addReachable: string;
  /** Deletes every object not in `reachable`; returns `removed`, the count of objects. */
  readonly sweep: string;
}

/** A 64-bit advisory lock key (as a decimal literal) for `purpose` in `schema`. */
export function postgresAdvisoryKey(purpose: string, schema: string): string {
  return createHash('sha256')
    .update(`zoa:${purpose}:${schema}`)
    .digest()
    .readBigInt64BE(0)
    .toString();
}

/**
 * The statements of {@link PostgresStorage} for one schema.
 *
 * @param schema - a name matching `POSTGRES_SCHEMA_NAME` (checked by the caller)
 * @example
 * ```ts
 * const sql = postgresStatements('zoa');
 * await pool.query({ ...sql.loadAt, values: [oid, tid] });
 * ```
 */
export function postgresStatements(schema: string): PostgresStatements {
  const s = `"${schema}"`;
  const commitKey = postgresAdvisoryKey('commit', schema);
  const pruneKey = postgresAdvisoryKey('prune', schema);
  // One row of both one-row tables, as scalar subqueries: the planner knows it is one row (a join
  // of the unanalyzed tables is estimated at millions of rows).
  const oneRow = `(SELECT (SELECT last_tid FROM ${s}.meta) AS last_tid,
                          (SELECT pruned_tid FROM ${s}.prune_state) AS pruned_tid,
                          (SELECT log_floor FROM ${s}.prune_state) AS log_floor) AS m`;
  const named = (name: string, text: string): NamedStatement => ({ name: `zoa_${name}`, text });
  return {
    beginCommit: `BEGIN; SELECT pg_advisory_xact_lock(${commitKey}); SELECT last_tid FROM ${s}.meta`,
    beginExclusive: `BEGIN; SELECT pg_advisory_xact_lock(${commitKey})`,
    beginPrune: `BEGIN; SELECT pg_try_advisory_xact_lock(${pruneKey}) AS locked`,
    lockPrune: `SELECT pg_advisory_xact_lock(${pruneKey})`,
    lastTid: named('last_tid', `SELECT last_tid FROM ${s}.meta`),
    snapshot: named(
      'snapshot',
      `SELECT m.last_tid,
              CASE WHEN $1::bigint IS NULL OR $1::bigint < m.log_floor OR $1::bigint > m.last_tid
                     THEN NULL
                   ELSE ARRAY(SELECT DISTINCT unnest(t.oids) FROM ${s}.transactions t
                               WHERE t.tid > $1::bigint AND t.tid <= m.last_tid)
              END AS changed
         FROM ${oneRow}`,
    ),
    loadAt: named(
      'load_at',
      `SELECT oid, tid, class, state FROM ${s}.objects
        WHERE oid = $1 AND tid <= $2 ORDER BY tid DESC LIMIT 1`,
    ),
    loadLatest: named(
      'load_latest',
      `SELECT oid, tid, class, state FROM ${s}.objects WHERE oid = $1 ORDER BY tid DESC LIMIT 1`,
    ),
    prunedTid: named('pruned_tid', `SELECT pruned_tid FROM ${s}.prune_state`),
    nextOidBlock: named('next_oid_block', `SELECT nextval('${s}.oids') AS first`),
    vote: named(
      'vote',
      `WITH w AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])
                    AS w(oid, base, class, state)
       ), bad AS (
         SELECT w.oid, w.base, c.serial
           FROM w, LATERAL (SELECT COALESCE(max(o.tid), 0) AS serial
                              FROM ${s}.objects o WHERE o.oid = w.oid) c
          WHERE c.serial <> w.base
       ), ins AS (
         INSERT INTO ${s}.objects (oid, tid, class, state)
         SELECT oid, $5::bigint, class, state FROM w WHERE NOT EXISTS (SELECT 1 FROM bad)
       ), log AS (
         INSERT INTO ${s}.transactions (tid, committed_at, oids)
         SELECT $5::bigint, clock_timestamp(), $1::bigint[] WHERE NOT EXISTS (SELECT 1 FROM bad)
       ), meta AS (
         UPDATE ${s}.meta SET last_tid = $5::bigint WHERE NOT EXISTS (SELECT 1 FROM bad)
       )
       SELECT oid, base, serial FROM bad`,
    ),
    finish: (tid) =>
      `UPDATE ${s}.transactions SET committed_at = clock_timestamp() WHERE tid = ${safeInteger(tid)}; COMMIT`,
    stats: named(
      'stats',
      `SELECT count(DISTINCT oid) AS objects, count(*) AS records,
              COALESCE(sum(octet_length(state) + octet_length(class)), 0)::bigint AS bytes
         FROM ${s}.objects`,
    ),
    pruneBounds: `
      SELECT m.pruned_tid, m.log_floor, m.last_tid,
             (SELECT min(t.tid) FROM ${s}.transactions t
               WHERE t.tid > m.pruned_tid
                 AND t.committed_at > clock_timestamp() - make_interval(secs => $1)) AS first_in_window
        FROM ${oneRow}`,
    pruneRange: `
      WITH changed AS (
        SELECT DISTINCT unnest(t.oids) AS oid FROM ${s}.transactions t
         WHERE t.tid > $1::bigint AND t.tid <= $2::bigint
      ), keep AS (
        SELECT c.oid, (SELECT max(o.tid) FROM ${s}.objects o
                        WHERE o.oid = c.oid AND o.tid <= $3::bigint) AS tid
          FROM changed c
      )
      DELETE FROM ${s}.objects o USING keep k WHERE o.oid = k.oid AND o.tid < k.tid`,
    pruneDone: `
      WITH log AS (DELETE FROM ${s}.transactions WHERE tid <= $2::bigint)
      UPDATE ${s}.prune_state
         SET pruned_tid = GREATEST(pruned_tid, $1::bigint), log_floor = GREATEST(log_floor, $2::bigint)`,
    revisions: `SELECT oid, tid, class, state FROM ${s}.objects WHERE oid = ANY($1::bigint[])`,
    createReachable: `CREATE TEMPORARY TABLE zoa_reachable (oid bigint PRIMARY KEY) ON COMMIT DROP`,
    addReachable: `INSERT INTO zoa_reachable SELECT unnest($1::bigint[])`,
    sweep: `
      WITH gone AS (
        DELETE FROM ${s}.objects o
         WHERE NOT EXISTS (SELECT 1 FROM zoa_reachable r WHERE r.oid = o.oid)
        RETURNING oid
      )
      SELECT count(DISTINCT oid) AS removed FROM gone`,
  };
}

function safeInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  return String(value);
}
