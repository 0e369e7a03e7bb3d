import type { Pool } from 'pg';
import { ZoaError } from '../errors';
import { postgresAdvisoryKey } from './postgres-statements';
import { postgresTransaction } from './postgres-transaction';

/** The schema version {@link PostgresStorage} writes and expects in `meta`. */
export const POSTGRES_SCHEMA_VERSION = 1;

/** How many oids one `nextval` of the oid sequence hands to a process (its increment). */
export const POSTGRES_OID_BLOCK = 64;

/** Schema names {@link PostgresStorage} accepts: lower-case SQL identifiers, never quoted away. */
export const POSTGRES_SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The tables of one storage, in schema `schema`:
 *
 * - `objects(oid, tid, class, state)`: every kept revision; the state is the serializer's JSON
 *   text, stored as it is;
 * - `transactions(tid, committed_at, oids)`: the change log, one row per commit;
 * - `meta`: one row, the schema version and the last committed tid;
 * - `prune_state`: one row, how far pruning went and where the change log starts;
 * - the sequence `oids`, which hands out blocks of {@link POSTGRES_OID_BLOCK} oids.
 */
function createSchemaSql(schema: string): string {
  const s = `"${schema}"`;
  return `
    CREATE SCHEMA IF NOT EXISTS ${s};
    CREATE TABLE ${s}.objects (
      oid bigint NOT NULL,
      tid bigint NOT NULL,
      class text NOT NULL,
      state text NOT NULL,
      PRIMARY KEY (oid, tid)
    );
    CREATE TABLE ${s}.transactions (
      tid bigint PRIMARY KEY,
      committed_at timestamptz NOT NULL,
      oids bigint[] NOT NULL
    );
    CREATE TABLE ${s}.meta (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      schema_version integer NOT NULL,
      last_tid bigint NOT NULL
    );
    CREATE TABLE ${s}.prune_state (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      pruned_tid bigint NOT NULL,
      log_floor bigint NOT NULL
    );
    CREATE SEQUENCE ${s}.oids INCREMENT BY ${POSTGRES_OID_BLOCK} MINVALUE 1 START WITH 1;
    INSERT INTO ${s}.meta (schema_version, last_tid) VALUES (${POSTGRES_SCHEMA_VERSION}, 0);
    INSERT INTO ${s}.prune_state (pruned_tid, log_floor) VALUES (0, 0);`;
}

/**
 * Creates the tables of a storage in `schema` when they are missing — once, under an advisory
 * lock, so processes starting together do not race — and checks the schema version. A schema
 * that exists needs no DDL rights.
 *
 * @throws ZoaError when the schema has a version this code does not know.
 * @example
 * ```ts
 * await ensurePostgresSchema(pool, 'zoa', 'postgres:db/site/zoa');
 * ```
 */
export async function ensurePostgresSchema(
  pool: Pool,
  schema: string,
  name: string,
): Promise<void> {
  // A plain query of the catalog (not to_regclass, whose catalog snapshot may predate the lock).
  const exists = async (client: Pick<Pool, 'query'>): Promise<boolean> => {
    const text = `SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = 'meta'`;
    return (await client.query(text, [schema])).rows.length > 0;
  };
  if (!(await exists(pool))) {
    await postgresTransaction(pool, 'BEGIN', async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${postgresAdvisoryKey('init', schema)})`);
      if (!(await exists(client))) await client.query(createSchemaSql(schema));
    });
  }
  const { rows } = await pool.query<{ schema_version: number }>(
    `SELECT schema_version FROM "${schema}".meta`,
  );
  const version = rows[0]?.schema_version;
  if (version !== POSTGRES_SCHEMA_VERSION) {
    throw new ZoaError(`${name}: unsupported schema version ${String(version)}`);
  }
}
