import type BetterSqlite3 from 'better-sqlite3';
import type { Oid, Tid } from './interfaces';

/** The schema version {@link SqliteStorage} writes and expects in `meta`. */
export const SQLITE_SCHEMA_VERSION = 1;

/** Creates the tables of an empty file (no-op on an existing one). */
export const SQLITE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS objects (
    oid INTEGER NOT NULL,
    tid INTEGER NOT NULL,
    class TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (oid, tid)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS objects_tid ON objects (tid);
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

/** A row of `objects` as loaded. */
export interface ObjectRow {
  readonly oid: Oid;
  readonly tid: Tid;
  readonly class: string;
  readonly state: string;
}

type Stmt<P extends unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;

/** Every statement {@link SqliteStorage} runs, prepared once per open file. */
export interface SqliteStatements {
  readonly begin: Stmt<[]>;
  readonly commit: Stmt<[]>;
  readonly rollback: Stmt<[]>;
  /** `(oid, at)` → the newest row with `tid <= at`. */
  readonly loadAt: Stmt<[Oid, Tid], ObjectRow>;
  /** `(oid, at)` → the serial visible at `at` (plucked). */
  readonly serialAt: Stmt<[Oid, Tid], Tid>;
  readonly insert: Stmt<[Oid, Tid, string, string]>;
  /** `(tid)`: removes the rows a failed vote may have left. */
  readonly deleteTid: Stmt<[Tid]>;
  /** `(oid, tid)`: removes the revisions of `oid` older than `tid`. */
  readonly pruneOlder: Stmt<[Oid, Tid]>;
  /** Removes every revision that has a newer one. */
  readonly pruneAll: Stmt<[]>;
  readonly removeObject: Stmt<[Oid]>;
  /** `(since, upTo)` → distinct oids written in `(since, upTo]` (plucked). */
  readonly changedSince: Stmt<[Tid, Tid], Oid>;
  /** `(oid)` → every revision, oldest first. */
  readonly revisions: Stmt<[Oid], ObjectRow>;
  /** Every oid (plucked). */
  readonly allOids: Stmt<[], Oid>;
  readonly maxTid: Stmt<[], Tid | null>;
  readonly maxOid: Stmt<[], Oid | null>;
  readonly stats: Stmt<[Tid], { objects: number; records: number; bytes: number }>;
  readonly getMeta: Stmt<[string], number>;
  readonly setMeta: Stmt<[string, number]>;
}

/** Prepares {@link SqliteStatements} on a database that has {@link SQLITE_SCHEMA}. */
export function prepareSqliteStatements(db: BetterSqlite3.Database): SqliteStatements {
  const prepare = <P extends unknown[], R = unknown>(sql: string): Stmt<P, R> =>
    db.prepare<P, R>(sql);
  return {
    begin: prepare('BEGIN IMMEDIATE'),
    commit: prepare('COMMIT'),
    rollback: prepare('ROLLBACK'),
    loadAt: prepare(
      'SELECT oid, tid, class, state FROM objects WHERE oid = ? AND tid <= ? ORDER BY tid DESC LIMIT 1',
    ),
    serialAt: prepare<[Oid, Tid], Tid>(
      'SELECT tid FROM objects WHERE oid = ? AND tid <= ? ORDER BY tid DESC LIMIT 1',
    ).pluck(),
    insert: prepare('INSERT INTO objects (oid, tid, class, state) VALUES (?, ?, ?, ?)'),
    deleteTid: prepare('DELETE FROM objects WHERE tid = ?'),
    pruneOlder: prepare('DELETE FROM objects WHERE oid = ? AND tid < ?'),
    // Finds the oids with several revisions through the small covering tid index, then seeks.
    pruneAll: prepare(
      `DELETE FROM objects
        WHERE oid IN (SELECT oid FROM objects INDEXED BY objects_tid GROUP BY oid HAVING COUNT(*) > 1)
          AND tid < (SELECT MAX(tid) FROM objects AS newer WHERE newer.oid = objects.oid)`,
    ),
    removeObject: prepare('DELETE FROM objects WHERE oid = ?'),
    changedSince: prepare<[Tid, Tid], Oid>(
      'SELECT DISTINCT oid FROM objects WHERE tid > ? AND tid <= ?',
    ).pluck(),
    revisions: prepare('SELECT oid, tid, class, state FROM objects WHERE oid = ? ORDER BY tid'),
    allOids: prepare<[], Oid>('SELECT DISTINCT oid FROM objects').pluck(),
    maxTid: prepare<[], Tid | null>('SELECT MAX(tid) FROM objects').pluck(),
    maxOid: prepare<[], Oid | null>('SELECT MAX(oid) FROM objects').pluck(),
    stats: prepare(
      `SELECT COUNT(DISTINCT oid) AS objects, COUNT(*) AS records,
              COALESCE(SUM(length(CAST(state AS BLOB)) + length(CAST(class AS BLOB))), 0) AS bytes
         FROM objects WHERE tid <= ?`,
    ),
    getMeta: prepare<[string], number>('SELECT value FROM meta WHERE key = ?').pluck(),
    setMeta: prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  };
}
