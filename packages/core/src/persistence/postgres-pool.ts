import { Pool } from 'pg';
import type { ResolvedPostgresStorageOptions } from './postgres-storage-options';
import { postgresTypeParsers } from './postgres-type-parsers';

/** PostgreSQL ends a session idle inside a transaction this long (a hung committer). */
const IDLE_IN_TRANSACTION_MS = 60_000;
/** How long getting a connection (a new one, or a turn in the pool's queue) may take. */
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * The connection pool of a {@link PostgresStorage}: `bigint` parsed as numbers, JIT off (every
 * statement is small; compiling one costs more than running it), sessions idle inside a
 * transaction for a minute ended by the server (so a hung process cannot keep the commit lock),
 * 30 s at most to get a connection (an unreachable server fails instead of hanging), and errors
 * of idle connections (a server restart) reported instead of crashing the process.
 *
 * @example
 * ```ts
 * const pool = createPostgresPool(resolvePostgresStorageOptions({ schema: 'zoa' }));
 * ```
 */
export function createPostgresPool(options: ResolvedPostgresStorageOptions): Pool {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    types: postgresTypeParsers,
    application_name: 'zoa',
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    options: '-c jit=off',
  });
  pool.on('error', (error) => options.onBackgroundError(error));
  return pool;
}
