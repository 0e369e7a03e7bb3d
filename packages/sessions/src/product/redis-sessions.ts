import { Item, TransactionManager } from '@zoa/core';
import type { Database, PublisherLogger } from '@zoa/core';
import { RedisSessionContainer } from '../redis/redis-session-container';
import type { ContainerDefaults } from '../session-data/container-defaults';
import { resolveNotificationPath } from '../session-data/resolve-notification-path';
import type { Clock, NotificationFunction } from '../transience/interfaces';

/** `settings.sessions.redis`: keep sessions in Redis, shared by several processes. */
export interface RedisSettings {
  /** The Redis URL, such as `redis://127.0.0.1:6379/0`. */
  readonly url: string;
  /** Prefix of the keys (default `zoa:sessions:`). */
  readonly keyPrefix?: string;
  /** Connect and command timeout in ms (default 1000). */
  readonly timeoutMs?: number;
}

/**
 * Makes the site's Redis container from the settings and the session data manager's container
 * defaults. Notification paths name methods of the tree, as for the container in the tree; each
 * is called in a transaction of its own on the main database (Redis is outside the tree).
 *
 * @example
 * ```ts
 * const redis = createRedisSessions(db, { url: 'redis://127.0.0.1:6379' }, sdm.getContainerDefaults(), options);
 * ```
 */
export function createRedisSessions(
  db: Database,
  settings: RedisSettings,
  defaults: ContainerDefaults,
  options: { clock?: Clock; logger: PublisherLogger },
): RedisSessionContainer {
  const { logger } = options;
  const container = new RedisSessionContainer({
    redis: settings.url,
    ...(settings.keyPrefix === undefined ? {} : { keyPrefix: settings.keyPrefix }),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(options.clock ? { clock: options.clock } : {}),
    timeoutMinutes: defaults.timeoutMinutes,
    periodSeconds: defaults.periodSeconds,
    absoluteTimeoutMinutes: defaults.absoluteTimeoutMinutes,
    limit: defaults.limit,
    logger: { warn: (message, error) => logger.warn({ err: error }, message) },
  });
  const add = notificationAt(db, defaults.addNotificationPath, logger);
  const del = notificationAt(db, defaults.delNotificationPath, logger);
  container.setNotifications({ ...(add ? { add } : {}), ...(del ? { del } : {}) });
  return container;
}

function notificationAt(
  db: Database,
  path: string,
  logger: PublisherLogger,
): NotificationFunction | undefined {
  if (path === '') return undefined;
  const tm = new TransactionManager();
  const absolute = path.startsWith('/') ? path : `/${path}`;
  return (session, container) =>
    tm.run(
      async (txn) => {
        const root = await (await txn.open(db)).root();
        const target =
          root instanceof Item ? await resolveNotificationPath(absolute, root) : undefined;
        if (target === undefined) {
          logger.warn(
            { path: absolute },
            `No such notification method ${absolute} for Redis sessions`,
          );
          return;
        }
        await target(session, container);
      },
      { note: `Session notification ${absolute}` },
    );
}
