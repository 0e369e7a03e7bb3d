import type { ClassRegistry } from '../persistence/class-registry';
import { Database } from '../persistence/database';
import type { Storage } from '../persistence/interfaces';
import { MemoryStorage } from '../persistence/memory-storage';
import type { Persistent } from '../persistence/persistent';
import { TransactionManager } from '../persistence/transaction-manager';
import { defaultAuthorizer } from '../publisher/default-authorizer';
import type {
  Authorizer,
  PublisherApp,
  PublisherLogger,
  PublisherSettings,
} from '../publisher/interfaces';
import { ViewRegistry } from '../publisher/view-registry';
import { Application } from '../tree/application';

/** Options of {@link createTestApp}. */
export interface TestAppOptions<R extends Persistent> {
  /** Makes the root object of a new database (default: an `Application`). */
  rootFactory?: () => R;
  /** The main database's storage (default: a new `MemoryStorage`). */
  storage?: Storage;
  /** Class registry of the database (default: the global one). */
  registry?: ClassRegistry;
  /** Views (default: a new, empty registry, so tests do not share views). */
  views?: ViewRegistry;
  /** Authorizer (default: `defaultAuthorizer`). */
  authorizer?: Authorizer;
  /** Settings (default: production mode, no proxy, no allowed hosts). */
  settings?: Partial<PublisherSettings>;
  /** Logger (default: one that keeps entries in {@link TestApp.logEntries}). */
  logger?: PublisherLogger;
}

/** One entry captured by the default logger of {@link createTestApp}. */
export interface CapturedLogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string | undefined;
  [field: string]: unknown;
}

/** A {@link PublisherApp} over one database, with helpers for tests. */
export interface TestApp<R extends Persistent = Application> extends PublisherApp {
  /** The databases by name: open another with `{ databases: app.databases }` to mount it. */
  readonly databases: Map<string, Database>;
  readonly views: ViewRegistry;
  /** Entries logged through the default logger (empty when a logger was given). */
  readonly logEntries: CapturedLogEntry[];
  /** Runs `work` on the root in a committed transaction (to populate or inspect the tree). */
  withRoot<T>(work: (root: R) => T | Promise<T>): Promise<T>;
  /** Closes the database. */
  close(): Promise<void>;
}

/**
 * A minimal {@link PublisherApp} for tests: one database (in memory unless a storage is given)
 * whose root `rootFactory` makes (an `Application` by default), a fresh view registry, the
 * default authorizer, a capturing logger and production settings.
 *
 * @example
 * ```ts
 * const app = await createTestApp();
 * app.views.register(Folder, { name: 'index_html', permission: 'View', handler: () => 'hi' });
 * await app.withRoot((root) => root.setObject('docs', new Folder('docs')));
 * const koa = usePublisher(new Koa(), { app });
 * ```
 */
export async function createTestApp<R extends Persistent = Application>(
  options: TestAppOptions<R> = {},
): Promise<TestApp<R>> {
  const databases = new Map<string, Database>();
  const rootDatabase = await Database.open(options.storage ?? new MemoryStorage(), {
    rootFactory: options.rootFactory ?? (() => new Application() as unknown as R),
    databases,
    ...(options.registry ? { registry: options.registry } : {}),
  });
  const transactionManager = new TransactionManager();
  const logEntries: CapturedLogEntry[] = [];
  const capture =
    (level: CapturedLogEntry['level']) =>
    (obj: object, msg?: string): void => {
      logEntries.push({ ...obj, level, msg });
    };
  const logger = options.logger ?? {
    info: capture('info'),
    warn: capture('warn'),
    error: capture('error'),
  };
  return {
    rootDatabase,
    databases,
    transactionManager,
    views: options.views ?? new ViewRegistry(),
    authorizer: options.authorizer ?? defaultAuthorizer,
    logger,
    settings: { devMode: false, trustProxy: false, ...options.settings },
    logEntries,
    withRoot: (work) =>
      transactionManager.run(async (txn) => work(await (await txn.open(rootDatabase)).root<R>())),
    close: () => rootDatabase.close(),
  };
}
