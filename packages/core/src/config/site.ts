import path from 'node:path';
import type { Middleware } from 'koa';
import { ConfigError } from './config-error';
import { Database } from '../persistence/database';
import { DatabaseSet } from '../persistence/database-set';
import { classRegistry } from '../persistence/class-registry';
import { TransactionManager } from '../persistence/transaction-manager';
import type { RunOptions } from '../persistence/transaction-manager';
import type { Transaction } from '../persistence/transaction';
import { coreProduct } from '../products/core-product';
import { ProductRegistry } from '../products/product-registry';
import { createPublisherLogger } from '../publisher/create-publisher-logger';
import type {
  Authorizer,
  PublisherApp,
  PublisherLogger,
  PublisherSettings,
} from '../publisher/interfaces';
import type { ViewRegistry } from '../publisher/view-registry';
import { viewRegistry } from '../publisher/view-registry';
import { Application } from '../tree/application';
import { Folder } from '../tree/folder';
import type { Item } from '../tree/item';
import { createAuthorizer } from '../security/security-policy';
import { installCoreViews } from './install-core-views';
import { listMountPoints } from './mount-points';
import { resolveSecretKeys } from './secret-keys';
import type { DatabaseConfig, SiteConfig } from './site-config';
import type { SiteProduct, SiteProductModule } from './site-product';
import type { StorageTypeRegistry } from './storage-types';
import { createStorageTypeRegistry } from './storage-types';

/** Options of {@link Site.open}. */
export interface SiteOptions {
  /** Products to install besides those the configuration names (tests, embedding). */
  products?: readonly SiteProduct[];
  /** The logger (default: a pino logger on stdout, `warn` level under jest). */
  logger?: PublisherLogger;
  /** The authorizer (default: the security layer's policy with the site's secret keys). */
  authorizer?: Authorizer;
  /** The view registry (default: the global one). */
  views?: ViewRegistry;
  /** Log a hint for each configured database without a mount point (default true). */
  hintMissingMountPoints?: boolean;
  /** Loads a product module by name (default: `require`). */
  loadModule?: (name: string) => unknown;
}

/**
 * A running site: the databases of the configuration (the main one at `/`, the others behind
 * mount points), the products and their startup, and everything the publisher needs — it
 * implements `PublisherApp`. `zoa serve` opens one; tests and scripts may too.
 *
 * @example
 * ```ts
 * const site = await Site.open(loadConfig('zoa.config.yaml'));
 * await site.run(async (txn) => {
 *   const root = await site.root(txn);
 *   await root.setObject('news', new Folder('news'));
 * });
 * await site.close();
 * ```
 */
export class Site implements PublisherApp {
  readonly config: SiteConfig;
  readonly databases: DatabaseSet;
  readonly transactionManager = new TransactionManager();
  readonly products: ProductRegistry;
  readonly storageTypes: StorageTypeRegistry;
  readonly views: ViewRegistry;
  readonly logger: PublisherLogger;
  readonly settings: PublisherSettings;
  authorizer: Authorizer;
  /** Koa middleware products contribute, run before the publisher. */
  readonly middleware: Middleware[] = [];
  private readonly cleanups: (() => void | Promise<void>)[] = [];
  private closed = false;

  private constructor(config: SiteConfig, options: SiteOptions) {
    this.config = config;
    this.databases = new DatabaseSet();
    this.products = new ProductRegistry();
    this.storageTypes = createStorageTypeRegistry();
    this.views = options.views ?? viewRegistry;
    this.logger =
      options.logger ??
      createPublisherLogger({ level: process.env.JEST_WORKER_ID ? 'warn' : 'info' });
    this.authorizer = options.authorizer ?? createAuthorizer({ keys: resolveSecretKeys(config) });
    installCoreViews(this.views);
    this.settings = {
      devMode: config.server.development,
      trustProxy: config.server.trustProxy,
      allowedHosts: config.server.allowedHosts,
    };
  }

  /**
   * Opens a site: installs core and the configured products, opens every database (a mounted
   * database that fails to open is logged and shows as a broken mount point; the main one must
   * open), runs the products' startup hooks in one unit of work, and logs a hint for each
   * configured database that has no mount point yet.
   *
   * @throws ConfigError for a bad product or storage configuration.
   */
  static async open(config: SiteConfig, options: SiteOptions = {}): Promise<Site> {
    const site = new Site(config, options);
    try {
      const products = [coreProduct, ...site.loadProducts(options)];
      for (const product of products) site.install(product);
      await site.openDatabases();
      await site.products.runStartup(site.rootDatabase, {
        transactionManager: site.transactionManager,
      });
      for (const product of products) await site.runOnOpen(product as SiteProduct);
      if (options.hintMissingMountPoints !== false) await site.hintMissingMountPoints();
      return site;
    } catch (error) {
      await site.close();
      throw error;
    }
  }

  /** The database mounted at `/`. */
  get rootDatabase(): Database {
    const id = this.config.databases[0]?.id ?? 'main';
    const db = this.databases.get(id);
    if (!db) throw new Error('The site has no open main database');
    return db;
  }

  /** The root object (the `Application`) in a transaction. */
  async root(txn: Transaction): Promise<Application> {
    return (await txn.open(this.rootDatabase)).root<Application>();
  }

  /** Runs a unit of work with conflict retry (see `TransactionManager.run`). */
  run<T>(work: (txn: Transaction) => Promise<T>, options: RunOptions = {}): Promise<T> {
    return this.transactionManager.run(work, options);
  }

  /** Stops product timers and closes every database. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
    for (const db of [...this.databases.values()].reverse()) await db.close();
  }

  private loadProducts(options: SiteOptions): SiteProduct[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = options.loadModule ?? ((name: string) => require(name) as unknown);
    const loaded = this.config.products.map((name, index) => {
      let mod: SiteProductModule;
      // a relative name (`./products/shop`) is relative to the configuration file's folder
      const target = name.startsWith('.') ? path.resolve(this.config.baseDir, name) : name;
      try {
        mod = load(target) as SiteProductModule;
      } catch (error) {
        throw new ConfigError(
          `products[${index}]`,
          `cannot load "${name}": ${(error as Error).message}`,
        );
      }
      const product = mod.createProduct
        ? mod.createProduct(this.productContext(name))
        : mod.product;
      if (!product || typeof product.name !== 'string') {
        throw new ConfigError(
          `products[${index}]`,
          `"${name}" exports neither product nor createProduct()`,
        );
      }
      return product;
    });
    return [...loaded, ...(options.products ?? [])];
  }

  private productContext(name: string) {
    // `settings.sessions` for `@zoa/sessions`, `settings.shop` for `./products/shop`
    const short = name.startsWith('.') ? path.basename(name) : name.replace(/^@zoa\//, '');
    return { settings: this.config.settings[short] ?? {}, logger: this.logger };
  }

  private install(product: SiteProduct): void {
    this.products.registerProduct(product);
    for (const [type, factory] of Object.entries(product.storageTypes ?? {})) {
      this.storageTypes.register(type, factory);
    }
    this.middleware.push(...(product.middleware ?? []));
  }

  private async openDatabases(): Promise<void> {
    for (const [index, db] of this.config.databases.entries()) {
      try {
        await this.openDatabase(db);
      } catch (error) {
        if (index === 0) throw error;
        this.databases.failures.set(db.id, error);
        this.logger.error(
          { database: db.id, err: error },
          `Database "${db.id}" failed to open; ${db.mountPoint} shows as broken`,
        );
      }
    }
  }

  private async openDatabase(config: DatabaseConfig): Promise<void> {
    const key = `databases.${config.id}`;
    const storage = await this.storageTypes.create(config.storage, {
      key: `${key}.storage`,
      baseDir: this.config.baseDir,
      name: config.name,
    });
    const isMain = config.mountPoint === '/';
    const containerFactory = isMain ? () => new Application() : this.containerFactory(config, key);
    try {
      await Database.open(storage, {
        name: config.id,
        databases: this.databases,
        rootFactory: containerFactory,
        devChecks: this.config.server.development ? true : undefined,
      });
    } catch (error) {
      await storage.close();
      throw error;
    }
  }

  private containerFactory(config: DatabaseConfig, key: string): () => Item {
    const id = config.mountPoint.split('/').pop() as string;
    const className = config.containerClass;
    if (className === undefined) return () => new Folder(id);
    const cls = classRegistry.classFor(className);
    if (!cls) {
      throw new ConfigError(
        `${key}.containerClass`,
        `no class is registered as "${className}" (is its product loaded?)`,
      );
    }
    return () => new (cls as unknown as new (id: string) => Item)(id);
  }

  private async runOnOpen(product: SiteProduct): Promise<void> {
    const cleanup = await product.onOpen?.({ logger: this.logger });
    if (typeof cleanup === 'function') this.cleanups.push(cleanup);
  }

  private async hintMissingMountPoints(): Promise<void> {
    const statuses = await this.run((txn) => listMountPoints(this, txn));
    for (const status of statuses) {
      if (status.status === 'ready') {
        this.logger.warn(
          { database: status.databaseName, path: status.path },
          `Database "${status.databaseName}" is configured for ${status.path}, but no mount point exists there yet. ` +
            `Create it once: "zoa mount ${status.path}", or in the ZMI add a "Mount Point" in ${status.parentPath}.`,
        );
      }
    }
  }
}
