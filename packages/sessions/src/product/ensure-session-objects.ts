import type { ObjectManager, PublisherLogger } from '@zoa/core';
import { ConfigError } from '@zoa/core/config';
import { BROWSER_ID_MANAGER_ID, BrowserIdManager } from '../browser-id/browser-id-manager';
import type { ContainerDefaults } from '../session-data/container-defaults';
import { SESSION_DATA_MANAGER_ID, SessionDataManager } from '../session-data/session-data-manager';
import type { TransientObjectContainer } from '../transience/transient-object-container';

/** What {@link ensureSessionObjects} found or made. */
export interface SessionObjects {
  readonly browserIdManager: BrowserIdManager | undefined;
  readonly sessionDataManager: SessionDataManager | undefined;
  /** The session data container; undefined when it cannot be had (logged). */
  readonly container: TransientObjectContainer | undefined;
}

/**
 * The sessions product's startup (every start, idempotent): adds `/browser_id_manager` and
 * `/session_data_manager` to the root when they are missing, gives the session data manager the
 * container defaults of the site configuration, and has it find — in a fresh temporary folder,
 * create from those defaults and protect — its container (unless `container` is false: sessions
 * are kept elsewhere, in Redis). An object of another type under one
 * of those ids is left alone and logged; so is a missing temporary folder (the site works on,
 * without sessions).
 *
 * @throws ConfigError when the configured defaults do not fit the stored ones.
 */
export async function ensureSessionObjects(
  root: ObjectManager,
  containerDefaults: Partial<ContainerDefaults>,
  logger: PublisherLogger,
  options: { container?: boolean } = {},
): Promise<SessionObjects> {
  let bim = await root.get(BROWSER_ID_MANAGER_ID);
  if (bim === undefined) bim = await root.setObject(BROWSER_ID_MANAGER_ID, new BrowserIdManager());
  let sdm = await root.get(SESSION_DATA_MANAGER_ID);
  if (sdm === undefined) {
    sdm = await root.setObject(SESSION_DATA_MANAGER_ID, new SessionDataManager());
  }
  for (const [id, item, type] of [
    [BROWSER_ID_MANAGER_ID, bim, BrowserIdManager],
    [SESSION_DATA_MANAGER_ID, sdm, SessionDataManager],
  ] as const) {
    if (!(item instanceof type)) {
      logger.warn(
        { path: `/${id}`, metaType: item.metaType },
        `/${id} is a ${item.metaType}, not a ${type.metaType}: sessions are unavailable`,
      );
    }
  }
  if (!(sdm instanceof SessionDataManager)) {
    return { browserIdManager: asBim(bim), sessionDataManager: undefined, container: undefined };
  }
  try {
    sdm.setContainerDefaults(containerDefaults);
  } catch (error) {
    throw new ConfigError('settings.sessions', (error as Error).message);
  }
  const container = options.container === false ? undefined : await sdm.findContainer();
  return { browserIdManager: asBim(bim), sessionDataManager: sdm, container };
}

function asBim(item: unknown): BrowserIdManager | undefined {
  return item instanceof BrowserIdManager ? item : undefined;
}
