import type { Database, ObjectManager, PublisherLogger } from '@zoa/core';
import { TransactionManager } from '@zoa/core';
import type { SiteProduct } from '@zoa/core/config';
import { extendZmi } from '@zoa/core/zmi';
import { siteSessions } from '../koa/site-sessions';
import type { RedisSessionContainer } from '../redis/redis-session-container';
import { SESSION_DATA_MANAGER_ID, SessionDataManager } from '../session-data/session-data-manager';
import { setSessionsRuntime } from '../sessions-runtime';
import { startHousekeepingTimer } from '../transience/housekeeping-timer';
import type { Clock } from '../transience/interfaces';
import { ensureSessionObjects } from './ensure-session-objects';
import { createRedisSessions } from './redis-sessions';
import { registerSessionPermissions } from './session-permissions';
import { sessionTypes } from './session-types';
import { parseSessionsSettings } from './sessions-settings';
import { subscribeLoginHooks } from './subscribe-login-hooks';
import { registerSessionScreens } from '../zmi/register-session-screens';

// The management screens of the three types, in every view registry the ZMI is installed in.
extendZmi(registerSessionScreens);

/** What {@link createProduct} takes: what a site hands every product, and a clock for tests. */
export interface SessionsProductContext {
  /** `settings.sessions` of the site configuration (see `SessionsSettings`). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** The site logger (default: the one `onOpen` gets). */
  readonly logger?: PublisherLogger;
  /** Epoch-ms clock of sessions and cookies (default `Date.now`; tests pass a fake one). */
  readonly clock?: Clock;
}

/**
 * The `@zoa/sessions` product: the three types (Transient Object Container, Browser Id Manager,
 * Session Data Manager), a startup that makes sure `/browser_id_manager`,
 * `/session_data_manager` and `/temp_folder/session_data` exist, the middleware that gives every
 * request `ctx.session`, a timer sweeping expired sessions, and browser id rotation at
 * login and session end at logout (S-11, S-18).
 *
 * @throws ConfigError for bad `settings.sessions`.
 * @example
 * ```yaml
 * products: ['@zoa/temporary-folder', '@zoa/sessions']
 * settings:
 *   sessions: { timeoutMinutes: 30, maximumNumberOfSessionObjects: 10000 }
 * ```
 */
export function createProduct(context: SessionsProductContext = {}): SiteProduct {
  const parsed = parseSessionsSettings(context.settings);
  registerSessionPermissions();
  let mainDatabase: Database | undefined;
  let redis: RedisSessionContainer | undefined;
  return {
    name: 'sessions',
    title: 'Sessions',
    version: '0.1.0',
    types: sessionTypes,
    startup: [
      async ({ root, connection }) => {
        mainDatabase = connection.db;
        setSessionsRuntime(mainDatabase, {
          ...(context.clock ? { clock: context.clock } : {}),
          ...(context.logger ? { logger: context.logger } : {}),
        });
        const logger = context.logger ?? quiet;
        const objects = await ensureSessionObjects(root, parsed.containerDefaults, logger, {
          container: parsed.redis === undefined,
        });
        if (parsed.redis !== undefined && redis === undefined && objects.sessionDataManager) {
          redis = createRedisSessions(
            mainDatabase,
            parsed.redis,
            objects.sessionDataManager.getContainerDefaults(),
            { ...(context.clock ? { clock: context.clock } : {}), logger },
          );
          setSessionsRuntime(mainDatabase, { redis });
        }
      },
    ],
    middleware: [siteSessions({ database: () => mainDatabase })],
    onOpen: (site) => {
      const db = mainDatabase;
      if (db === undefined) return undefined;
      if (!context.logger) setSessionsRuntime(db, { logger: site.logger });
      const stops = [subscribeLoginHooks()];
      const seconds = parsed.housekeepingIntervalSeconds;
      if (seconds > 0) stops.push(sweepExpiredSessions(db, seconds * 1000, site.logger, redis));
      return async () => {
        for (const stop of stops) stop();
        await redis?.close();
      };
    },
  };
}

const quiet: PublisherLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Sweeps the site's session data container in its own transactions. */
function sweepExpiredSessions(
  db: Database,
  intervalMs: number,
  logger: PublisherLogger,
  redis: RedisSessionContainer | undefined,
) {
  const tm = new TransactionManager();
  const onError = (error: unknown) =>
    logger.warn({ err: error }, 'Sweeping expired sessions failed');
  if (redis !== undefined)
    return startHousekeepingTimer(intervalMs, (batch) => batch(redis), { onError });
  return startHousekeepingTimer(
    intervalMs,
    (batch) =>
      tm.run(
        async (txn) => {
          const root = await (await txn.open(db)).root<ObjectManager>();
          const sdm = await root.get(SESSION_DATA_MANAGER_ID);
          const container =
            sdm instanceof SessionDataManager ? await sdm.findContainer() : undefined;
          return container === undefined ? 0 : batch(container);
        },
        { note: 'Sweep expired sessions' },
      ),
    { onError },
  );
}
