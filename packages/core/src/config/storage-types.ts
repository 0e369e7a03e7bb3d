import fs from 'node:fs';
import path from 'node:path';
import type { Storage } from '../persistence/interfaces';
import { MemoryStorage } from '../persistence/memory-storage';
import { POSTGRES_SCHEMA_NAME } from '../persistence/postgres-schema';
import { PostgresStorage } from '../persistence/postgres-storage';
import { SqliteStorage } from '../persistence/sqlite-storage';
import { ConfigError } from './config-error';
import type { StorageConfig } from './site-config';

/** What a storage factory gets besides the storage's own options. */
export interface StorageFactoryContext {
  /** The configuration key of the storage (for error messages), e.g. `databases.main.storage`. */
  readonly key: string;
  /** The folder relative paths are resolved against. */
  readonly baseDir: string;
  /** The database's human-readable name. */
  readonly name: string;
}

/** Makes a storage from its configuration; throws `ConfigError` for bad options. */
export type StorageFactory = (
  config: StorageConfig,
  context: StorageFactoryContext,
) => Storage | Promise<Storage>;

/**
 * The storage types a site configuration may name (`storage: { type: ... }`). Core registers
 * `sqlite` (option `path`, `synchronous`), `postgres` (options `url` or `connectionString`,
 * `schema`, `poolSize`, `snapshotWindowSeconds`) and `memory`; products add more (`temporary`).
 *
 * @example
 * ```ts
 * storageTypes.register('temporary', (config, { name }) => new TemporaryStorage({ name }));
 * ```
 */
export class StorageTypeRegistry {
  private readonly factories = new Map<string, StorageFactory>();

  /** Registers a factory for `type`; registering a type twice is an error. */
  register(type: string, factory: StorageFactory): void {
    if (this.factories.has(type)) throw new Error(`Storage type "${type}" is already registered`);
    this.factories.set(type, factory);
  }

  /** The registered type names. */
  types(): string[] {
    return [...this.factories.keys()];
  }

  /**
   * Creates the storage a configuration declares.
   *
   * @throws ConfigError when the type is unknown or its options are bad.
   */
  async create(config: StorageConfig, context: StorageFactoryContext): Promise<Storage> {
    const factory = this.factories.get(config.type);
    if (!factory) {
      throw new ConfigError(
        `${context.key}.type`,
        `unknown storage type "${config.type}"; known types: ${this.types().join(', ')} ` +
          '(a product that is not loaded may provide it)',
      );
    }
    return factory(config, context);
  }
}

/** A registry with core's storage types: `sqlite`, `postgres` and `memory`. */
export function createStorageTypeRegistry(): StorageTypeRegistry {
  const registry = new StorageTypeRegistry();
  registry.register('sqlite', (config, { key, baseDir }) => {
    if (typeof config.path !== 'string' || config.path === '') {
      throw new ConfigError(
        `${key}.path`,
        'expected the path of the SQLite file, e.g. "var/Data.sqlite"',
      );
    }
    const synchronous = config.synchronous ?? 'normal';
    if (synchronous !== 'normal' && synchronous !== 'full') {
      throw new ConfigError(`${key}.synchronous`, 'expected "normal" or "full"');
    }
    const file = path.resolve(baseDir, config.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return new SqliteStorage({ path: file, synchronous });
  });
  registry.register('postgres', postgresFromConfig);
  registry.register('memory', (_config, { name }) => new MemoryStorage({ name }));
  return registry;
}

const POSTGRES_KEYS = ['url', 'connectionString', 'schema', 'poolSize', 'snapshotWindowSeconds'];

/** `type: postgres`: checks every option and names the bad key in a `ConfigError`. */
function postgresFromConfig(
  config: StorageConfig,
  { key }: StorageFactoryContext,
): Promise<Storage> {
  const unknown = Object.keys(config).find(
    (name) => name !== 'type' && !POSTGRES_KEYS.includes(name),
  );
  if (unknown !== undefined) {
    throw new ConfigError(
      `${key}.${unknown}`,
      `unknown option; known: ${POSTGRES_KEYS.join(', ')}`,
    );
  }
  if (config.url !== undefined && config.connectionString !== undefined) {
    throw new ConfigError(`${key}.connectionString`, 'give either url or connectionString');
  }
  const urlKey = config.url !== undefined ? 'url' : 'connectionString';
  const url = config[urlKey];
  if (url !== undefined && (typeof url !== 'string' || !/^postgres(?:ql)?:\/\//.test(url))) {
    throw new ConfigError(
      `${key}.${urlKey}`,
      'expected a URL such as "postgres://zoa@db.internal:5432/site" (or leave it out to use ' +
        'the PGHOST, PGUSER, PGPASSWORD and PGDATABASE environment variables)',
    );
  }
  const schema = config.schema ?? 'zoa';
  if (typeof schema !== 'string' || !POSTGRES_SCHEMA_NAME.test(schema)) {
    throw new ConfigError(
      `${key}.schema`,
      'expected 1-63 lower-case letters, digits or "_", not starting with a digit',
    );
  }
  const poolSize = config.poolSize ?? 10;
  if (
    typeof poolSize !== 'number' ||
    !Number.isInteger(poolSize) ||
    poolSize < 2 ||
    poolSize > 1000
  ) {
    throw new ConfigError(`${key}.poolSize`, 'expected an integer from 2 to 1000');
  }
  const window = config.snapshotWindowSeconds ?? 300;
  if (typeof window !== 'number' || !Number.isFinite(window) || window < 0) {
    throw new ConfigError(`${key}.snapshotWindowSeconds`, 'expected a number of seconds >= 0');
  }
  return PostgresStorage.open({
    ...(url === undefined ? {} : { connectionString: url as string }),
    schema,
    poolSize,
    snapshotWindowSeconds: window,
  });
}
