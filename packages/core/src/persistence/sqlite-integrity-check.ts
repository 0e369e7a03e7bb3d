import type Database from 'better-sqlite3';
import type { Oid, Tid } from './interfaces';
import { SQLITE_SCHEMA_VERSION } from './sqlite-statements';

/** What {@link SqliteStorage} believes about its file, for {@link sqliteIntegrityCheck}. */
export interface SqliteCounters {
  readonly lastTid: Tid;
  readonly nextOid: Oid;
}

/**
 * Checks a SqliteStorage file: `PRAGMA integrity_check` plus the storage's invariants (ids in
 * range, typed columns, no row newer than the last tid or above the next oid). Returns the
 * problems found; none means `[]`. Run it outside a write transaction.
 *
 * @example
 * ```ts
 * const problems = sqliteIntegrityCheck(db, { lastTid: 12, nextOid: 40 });
 * ```
 */
export function sqliteIntegrityCheck(db: Database.Database, counters: SqliteCounters): string[] {
  const number = (sql: string, ...params: unknown[]): number | undefined =>
    db
      .prepare<unknown[], number>(sql)
      .pluck()
      .get(...params) ?? undefined;
  const problems = db
    .prepare<[], string>('PRAGMA integrity_check')
    .pluck()
    .all()
    .filter((line) => line !== 'ok');
  const version = number("SELECT value FROM meta WHERE key = 'schema_version'");
  if (version !== SQLITE_SCHEMA_VERSION) problems.push(`schema_version is ${String(version)}`);
  const badIds = number('SELECT COUNT(*) FROM objects WHERE tid < 1 OR oid < 0') ?? 0;
  if (badIds > 0) problems.push(`${badIds} rows with tid < 1 or oid < 0`);
  const badTypes =
    number(
      `SELECT COUNT(*) FROM objects WHERE typeof(oid) <> 'integer' OR typeof(tid) <> 'integer'
          OR typeof(class) <> 'text' OR typeof(state) <> 'text'`,
    ) ?? 0;
  if (badTypes > 0) problems.push(`${badTypes} rows with wrongly typed columns`);
  const maxTid = number('SELECT MAX(tid) FROM objects') ?? 0;
  if (maxTid > counters.lastTid) {
    problems.push(`row with tid ${maxTid} > last tid ${counters.lastTid}`);
  }
  const maxOid = number('SELECT MAX(oid) FROM objects') ?? 0;
  if (maxOid >= counters.nextOid) {
    problems.push(`row with oid ${maxOid} >= next oid ${counters.nextOid}`);
  }
  const savedTid = number("SELECT value FROM meta WHERE key = 'last_tid'") ?? 0;
  if (savedTid > counters.lastTid) {
    problems.push(`meta last_tid ${savedTid} > last tid ${counters.lastTid}`);
  }
  return problems;
}
