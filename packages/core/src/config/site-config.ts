import { ConfigError } from './config-error';

/** How one storage is declared: `type` picks a factory; the rest are that factory's options. */
export interface StorageConfig {
  readonly type: string;
  readonly [option: string]: unknown;
}

/** One database (Zope's `<zodb_db>`): a storage and where it is mounted. */
export interface DatabaseConfig {
  /** The database's id (the key under `databases`). */
  readonly id: string;
  /** A human-readable name, such as "Temporary database (for sessions)". */
  readonly name: string;
  readonly storage: StorageConfig;
  /** Where the database's root container appears in the tree; `/` for the main database. */
  readonly mountPoint: string;
  /** Registered class name of the container created at the mount point (mounted databases). */
  readonly containerClass: string | undefined;
}

/** Server settings (`zoa serve`). */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  /** Honour `X-Forwarded-Proto/Host` (T-18). */
  readonly trustProxy: boolean;
  /** Host names generated URLs may use; empty: use the Host header as sent. */
  readonly allowedHosts: readonly string[];
  /** Show stacks on error pages and turn on persistence dev checks. */
  readonly development: boolean;
  /** Seconds SIGTERM waits for in-flight requests before closing anyway. */
  readonly shutdownTimeoutSeconds: number;
}

/** The whole site configuration, validated. */
export interface SiteConfig {
  /** Folder that relative paths (storage files, var/) are resolved against. */
  readonly baseDir: string;
  readonly server: ServerConfig;
  /** Databases, the main one (mounted at `/`) first. */
  readonly databases: readonly DatabaseConfig[];
  /** Module names of the products to load, in order (core's own product always comes first). */
  readonly products: readonly string[];
  /** Per-product settings, keyed by product name (for example `sessions`). */
  readonly settings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const TOP_KEYS = new Set(['server', 'databases', 'products', 'settings']);
const SERVER_KEYS = new Set([
  'host',
  'port',
  'trustProxy',
  'allowedHosts',
  'development',
  'shutdownTimeoutSeconds',
]);
const DATABASE_KEYS = new Set(['name', 'storage', 'mountPoint', 'containerClass']);
const MOUNT_PATH = /^\/(?:[^/\\\0]+(?:\/[^/\\\0]+)*)?$/;

/**
 * Validates a parsed configuration document (from YAML or JSON) and fills in defaults.
 *
 * @throws ConfigError naming the first bad key.
 * @example
 * ```ts
 * const config = validateSiteConfig(
 *   { databases: { main: { storage: { type: 'sqlite', path: 'var/Data.sqlite' }, mountPoint: '/' } } },
 *   process.cwd(),
 * );
 * ```
 */
export function validateSiteConfig(input: unknown, baseDir: string): SiteConfig {
  const doc = record(input, '(top level)');
  unknownKeys(doc, TOP_KEYS, '');
  const server = validateServer(doc.server === undefined ? {} : record(doc.server, 'server'));
  const databases = validateDatabases(doc.databases);
  const products = doc.products === undefined ? [] : stringList(doc.products, 'products');
  const settings: Record<string, Readonly<Record<string, unknown>>> = {};
  if (doc.settings !== undefined) {
    const raw = record(doc.settings, 'settings');
    for (const key of Object.keys(raw)) settings[key] = record(raw[key], `settings.${key}`);
  }
  return { baseDir, server, databases, products, settings };
}

function validateServer(raw: Record<string, unknown>): ServerConfig {
  unknownKeys(raw, SERVER_KEYS, 'server.');
  const port = raw.port ?? 8080;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('server.port', 'expected a port number from 0 to 65535');
  }
  const timeout = raw.shutdownTimeoutSeconds ?? 10;
  if (typeof timeout !== 'number' || !(timeout > 0)) {
    throw new ConfigError('server.shutdownTimeoutSeconds', 'expected a positive number of seconds');
  }
  return {
    host: optionalString(raw.host, 'server.host') ?? '127.0.0.1',
    port,
    trustProxy: optionalBoolean(raw.trustProxy, 'server.trustProxy') ?? false,
    allowedHosts:
      raw.allowedHosts === undefined ? [] : stringList(raw.allowedHosts, 'server.allowedHosts'),
    development: optionalBoolean(raw.development, 'server.development') ?? false,
    shutdownTimeoutSeconds: timeout,
  };
}

function validateDatabases(raw: unknown): DatabaseConfig[] {
  if (raw === undefined) {
    throw new ConfigError('databases', 'declare at least the main database, mounted at "/"');
  }
  const map = record(raw, 'databases');
  const databases: DatabaseConfig[] = [];
  const mountPoints = new Map<string, string>();
  for (const id of Object.keys(map)) {
    const key = `databases.${id}`;
    if (!/^[A-Za-z][\w-]*$/.test(id)) {
      throw new ConfigError(
        key,
        'a database id starts with a letter and has only letters, digits, "_" and "-"',
      );
    }
    const db = record(map[id], key);
    unknownKeys(db, DATABASE_KEYS, `${key}.`);
    const storage = record(db.storage, `${key}.storage`);
    if (typeof storage.type !== 'string' || storage.type === '') {
      throw new ConfigError(
        `${key}.storage.type`,
        'expected a storage type such as "sqlite", "memory" or "temporary"',
      );
    }
    const mountPoint = optionalString(db.mountPoint, `${key}.mountPoint`);
    if (mountPoint === undefined || !MOUNT_PATH.test(mountPoint)) {
      throw new ConfigError(
        `${key}.mountPoint`,
        'expected an absolute path such as "/" or "/temp_folder"',
      );
    }
    const clash = mountPoints.get(mountPoint);
    if (clash)
      throw new ConfigError(
        `${key}.mountPoint`,
        `"${mountPoint}" is already used by database "${clash}"`,
      );
    mountPoints.set(mountPoint, id);
    databases.push({
      id,
      name: optionalString(db.name, `${key}.name`) ?? id,
      storage: storage as StorageConfig,
      mountPoint,
      containerClass: optionalString(db.containerClass, `${key}.containerClass`),
    });
  }
  const main = databases.findIndex((db) => db.mountPoint === '/');
  if (main < 0)
    throw new ConfigError('databases', 'one database must be mounted at "/" (the main database)');
  const [root] = databases.splice(main, 1);
  return [root as DatabaseConfig, ...databases];
}

function record(value: unknown, key: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(key, `expected a mapping, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function unknownKeys(value: Record<string, unknown>, allowed: Set<string>, prefix: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) {
      throw new ConfigError(
        `${prefix}${key}`,
        `unknown key; expected one of ${[...allowed].join(', ')}`,
      );
    }
  }
}

function optionalString(value: unknown, key: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new ConfigError(key, `expected a string, got ${describe(value)}`);
  return value;
}

function optionalBoolean(value: unknown, key: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean')
    throw new ConfigError(key, `expected true or false, got ${describe(value)}`);
  return value;
}

function stringList(value: unknown, key: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new ConfigError(key, 'expected a list of strings');
  }
  return value as string[];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `"${value}"` : typeof value;
}
