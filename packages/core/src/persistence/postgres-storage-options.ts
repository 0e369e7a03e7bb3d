import { POSTGRES_SCHEMA_NAME } from './postgres-schema';

/** Options of {@link PostgresStorage.open}. */
export interface PostgresStorageOptions {
  /**
   * A libpq connection URL, e.g. `postgres://zoa:secret@db.internal:5432/site`. Without it, `pg`
   * reads the standard `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD` and `PGDATABASE` variables.
   */
  connectionString?: string;
  /**
   * The schema holding this storage's tables (default `zoa`): lower-case letters, digits and
   * `_`. Created with its tables on first open; several storages may share one database in
   * different schemas.
   */
  schema?: string;
  /** Connections in this process's pool (default 10, at least 2: a commit holds one). */
  poolSize?: number;
  /**
   * How long, in seconds, a replaced revision is kept for the snapshots of other processes
   * (default 300): a unit of work that lasts longer may fail with
   * `PostgresSnapshotTooOldError` (a `ConflictError`, so it is retried). Snapshots of this
   * process are kept intact however old. Give every process of a site the same value; `0` is
   * for a single process.
   */
  snapshotWindowSeconds?: number;
  /**
   * How many recent transactions the change log keeps (default 10,000). A connection idle for
   * longer than that many commits drops its whole cache instead of the changed objects only.
   */
  changeLogSize?: number;
  /** The storage's name in messages and the ZMI (default: host, database and schema). */
  name?: string;
  /**
   * Called with errors of work done in the background (pruning, idle pool connections);
   * default: `process.emitWarning`.
   */
  onBackgroundError?: (error: Error) => void;
}

/** {@link PostgresStorageOptions} checked and with defaults filled in. */
export interface ResolvedPostgresStorageOptions {
  readonly connectionString: string | undefined;
  readonly schema: string;
  readonly poolSize: number;
  readonly snapshotWindowSeconds: number;
  readonly changeLogSize: number;
  readonly name: string;
  readonly onBackgroundError: (error: Error) => void;
}

/**
 * Checks {@link PostgresStorageOptions} and fills in the defaults.
 *
 * @throws TypeError naming the first bad option.
 * @example
 * ```ts
 * resolvePostgresStorageOptions({ schema: 'site' }).poolSize; // 10
 * ```
 */
export function resolvePostgresStorageOptions(
  options: PostgresStorageOptions,
): ResolvedPostgresStorageOptions {
  const { connectionString } = options;
  if (
    connectionString !== undefined &&
    (typeof connectionString !== 'string' || !connectionString)
  ) {
    throw new TypeError('PostgresStorage: connectionString must be a non-empty string');
  }
  const schema = options.schema ?? 'zoa';
  if (typeof schema !== 'string' || !POSTGRES_SCHEMA_NAME.test(schema)) {
    throw new TypeError(
      'PostgresStorage: schema must be 1-63 lower-case letters, digits or "_", not starting with a digit',
    );
  }
  const poolSize = options.poolSize ?? 10;
  if (!Number.isInteger(poolSize) || poolSize < 2 || poolSize > 1000) {
    throw new TypeError('PostgresStorage: poolSize must be an integer from 2 to 1000');
  }
  const snapshotWindowSeconds = options.snapshotWindowSeconds ?? 300;
  if (!Number.isFinite(snapshotWindowSeconds) || snapshotWindowSeconds < 0) {
    throw new TypeError('PostgresStorage: snapshotWindowSeconds must be a number >= 0');
  }
  const changeLogSize = options.changeLogSize ?? 10_000;
  if (!Number.isInteger(changeLogSize) || changeLogSize < 1) {
    throw new TypeError('PostgresStorage: changeLogSize must be a positive integer');
  }
  return {
    connectionString,
    schema,
    poolSize,
    snapshotWindowSeconds,
    changeLogSize,
    name: options.name ?? `postgres:${describeServer(connectionString)}/${schema}`,
    onBackgroundError:
      options.onBackgroundError ??
      ((error) => process.emitWarning(`PostgresStorage: ${error.message}`)),
  };
}

/** `host:port/database` of a connection URL, without credentials. */
function describeServer(connectionString: string | undefined): string {
  if (connectionString === undefined) return '(PG* environment)';
  try {
    const url = new URL(connectionString);
    return `${url.host}${url.pathname}`;
  } catch {
    return '(connection string)';
  }
}
