import type { ClientBase } from 'pg';
import { ROOT_OID, type DataRecord, type Oid, type Tid } from './interfaces';
import type { PostgresStatements } from './postgres-statements';

/** How many oids one query of the mark phase (and one insert of the sweep) carries. */
const OIDS_PER_QUERY = 1000;

/** A row of `objects` as loaded. */
export interface PostgresObjectRow {
  readonly oid: Oid;
  readonly tid: Tid;
  readonly class: string;
  readonly state: string;
}

/** The {@link DataRecord} of a row of `objects`. */
export function postgresRecord(row: PostgresObjectRow): DataRecord {
  return { oid: row.oid, serial: row.tid, className: row.class, state: row.state };
}

/**
 * Mark and sweep over one schema: marks every oid reachable from the root through every kept
 * revision (old ones included, so what open snapshots can reach stays), breadth first with one
 * query per {@link OIDS_PER_QUERY} oids, then deletes every other object in one statement.
 * Run inside a transaction holding the commit lock (nothing may commit meanwhile); the caller
 * commits. Returns how many objects were removed; removes nothing when there is no root.
 *
 * @example
 * ```ts
 * await client.query(sql.beginExclusive);
 * const removed = await postgresPack(client, sql, (record) => referencesIn(record.state));
 * await client.query('COMMIT');
 * ```
 */
export async function postgresPack(
  client: ClientBase,
  sql: PostgresStatements,
  referencesOf: (record: DataRecord) => Iterable<Oid>,
): Promise<number> {
  const reached = new Set<Oid>([ROOT_OID]);
  let frontier: Oid[] = [ROOT_OID];
  let rootFound = false;
  while (frontier.length > 0) {
    const next: Oid[] = [];
    for (const batch of chunks(frontier)) {
      const { rows } = await client.query<PostgresObjectRow>(sql.revisions, [batch]);
      for (const row of rows) {
        if (row.oid === ROOT_OID) rootFound = true;
        for (const ref of referencesOf(postgresRecord(row))) {
          if (!reached.has(ref)) {
            reached.add(ref);
            next.push(ref);
          }
        }
      }
    }
    if (!rootFound) return 0;
    frontier = next;
  }
  await client.query(sql.createReachable);
  for (const batch of chunks([...reached])) await client.query(sql.addReachable, [batch]);
  const { rows } = await client.query<{ removed: number }>(sql.sweep);
  return rows[0]?.removed ?? 0;
}

function* chunks(oids: readonly Oid[]): Generator<Oid[]> {
  for (let i = 0; i < oids.length; i += OIDS_PER_QUERY) yield oids.slice(i, i + OIDS_PER_QUERY);
}
