import type { ExtendableContext } from 'koa';
import { classRegistry, Connection, Item, ObjectManager, resolvePath } from '@zoa/core';
import type { Database, Transaction } from '@zoa/core';
import { BROWSER_ID_MANAGER_ID, BrowserIdManager } from '../browser-id/browser-id-manager';
import { sessionsRuntimeOf, warnThrottled } from '../sessions-runtime';
import { TransientObjectContainer } from '../transience/transient-object-container';
import type { ContainerDefaults } from './container-defaults';
import {
  checkContainerDefaults,
  checkObjectPath,
  DEFAULT_CONTAINER_DEFAULTS,
} from './container-defaults';
import type { SessionSource } from './request-sessions';
import type { SessionContainer, SessionData } from './session-data';
import { isSessionData } from './session-data';
import {
  forgetRequestSession,
  requestHasSessionData,
  requestSessionData,
} from './request-sessions';
import { resolveNotificationPath } from './resolve-notification-path';
import { SessionDataManagerError } from './session-data-manager-error';

/** The id of the session data manager at the root of the site. */
export const SESSION_DATA_MANAGER_ID = 'session_data_manager';
/** Where the session data container lives unless configured otherwise. */
export const DEFAULT_CONTAINER_PATH = '/temp_folder/session_data';
/** The default request name (Zope's `REQUEST.SESSION`; in Zoa also `ctx.state.SESSION`). */
export const DEFAULT_REQUEST_NAME = 'SESSION';

const TEMP_FOLDER_PATH = '/temp_folder';
const CONTAINER_ID = 'session_data';
const REQUEST_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;
const requestNames = new WeakMap<Database, string>();

/** Options of {@link SessionDataManager}. */
export interface SessionDataManagerOptions {
  title?: string;
  /** Path of the session data container (default `/temp_folder/session_data`). */
  containerPath?: string;
  /** The `ctx.state` key the session accessor is also put under (default `SESSION`). */
  requestName?: string;
  /** Settings of the container created at the default path (see {@link ContainerDefaults}). */
  containerDefaults?: Partial<ContainerDefaults>;
}

/** Options of {@link SessionDataManager.getSessionData}. */
export interface GetSessionDataOptions {
  /** Start a session when the request has none (default true). */
  create?: boolean;
}

/**
 * Hands requests their session data (Zope's Session Data Manager, at `/session_data_manager`):
 * the browser id from `/browser_id_manager`, the container at the container path (created in
 * `/temp_folder` from the stored defaults when the path is the default one, and protected from
 * deletion). It gives the container it finds the site's clock, its logger and the notification
 * path resolver. Views usually use `ctx.session()`, which calls {@link getSessionData}.
 *
 * @example
 * ```ts
 * const sdm = (await root.get('session_data_manager')) as SessionDataManager;
 * const session = await sdm.getSessionData(ctx); // a TransientObject, or null without container
 * session?.set('cart', ['book']);
 * ```
 */
export class SessionDataManager extends Item {
  static override readonly metaType: string = 'Session Data Manager';

  private containerPath: string;
  private requestName: string;
  private containerDefaults: ContainerDefaults;

  /** Makes a manager; see {@link SessionDataManagerOptions}. @throws SessionDataManagerError. */
  constructor(id: string = SESSION_DATA_MANAGER_ID, options: SessionDataManagerOptions = {}) {
    super(id, options.title ?? '');
    this.containerPath = checkContainerPath(options.containerPath ?? DEFAULT_CONTAINER_PATH);
    this.requestName = checkRequestName(options.requestName ?? DEFAULT_REQUEST_NAME);
    this.containerDefaults = checkContainerDefaults({
      ...DEFAULT_CONTAINER_DEFAULTS,
      ...options.containerDefaults,
    });
  }

  /**
   * The request's session data: the session of its browser id, or a new one (`create`, the
   * default; the browser id cookie is set then). Strict mode (S-08) and locking as described in
   * `docs/sessions.md`. Null without a container (logged) or, without `create`, without a session.
   *
   * @throws MaxTransientObjectsExceeded (503 with Retry-After) when a new session does not fit.
   */
  async getSessionData(
    ctx: ExtendableContext,
    options: GetSessionDataOptions = {},
  ): Promise<SessionData | null> {
    return requestSessionData(ctx, await this.sessionSource(ctx), options);
  }

  /** True when the request has a session (nothing is created). */
  async hasSessionData(ctx: ExtendableContext): Promise<boolean> {
    return requestHasSessionData(ctx, await this.sessionSource(ctx));
  }

  /** The session stored under `key` (a browser id), or null. For managers (the ZMI). */
  async getSessionDataByKey(key: string): Promise<SessionData | null> {
    const container = await this.sessionContainer();
    const found = container === undefined ? null : await container.get(key);
    return isSessionData(found) ? found : null;
  }

  /**
   * Ends every session in the container (each is invalidated: the delete notification fires);
   * resolves to how many. For managers (the ZMI); a request passing its `ctx` starts afresh
   * if it uses sessions afterwards. It touches every session: slow for very large containers.
   */
  async clearSessionData(ctx?: ExtendableContext): Promise<number> {
    if (ctx !== undefined) forgetRequestSession(ctx, await this.getBrowserIdManager());
    const redis = sessionsRuntimeOf(this).redis;
    const container = await this.sessionContainer();
    if (container === undefined) return 0;
    const keys =
      redis !== undefined
        ? await redis.keys()
        : await ((await this.findContainer()) as TransientObjectContainer).keys();
    let count = 0;
    for (const key of keys) {
      const item = await container.get(key);
      if (isSessionData(item) && item.isValid()) {
        await item.invalidate();
        count += 1;
      }
    }
    return count;
  }

  /**
   * The browser id manager at `/browser_id_manager`.
   *
   * @throws SessionDataManagerError when there is none.
   */
  async getBrowserIdManager(): Promise<BrowserIdManager> {
    const found = await resolvePath(this, `/${BROWSER_ID_MANAGER_ID}`);
    if (!(found instanceof BrowserIdManager)) {
      throw new SessionDataManagerError(
        `No browser id manager named ${BROWSER_ID_MANAGER_ID} could be found.`,
        { status: 500 },
      );
    }
    return found;
  }

  /** The path of the session data container. */
  getContainerPath(): string {
    return this.containerPath;
  }

  /** Sets the container path (letters, digits, `-_~,. /`). @throws SessionDataManagerError. */
  setContainerPath(path: string): void {
    this.containerPath = checkContainerPath(path);
    this.markChanged();
  }

  /** The request name: `ctx.state[<name>]` is the session accessor too (default `SESSION`). */
  getRequestName(): string {
    return this.requestName;
  }

  /** Sets the request name (an identifier). @throws SessionDataManagerError. */
  setRequestName(name: string): void {
    this.requestName = checkRequestName(name);
    this.markChanged();
    const jar = this._p_jar;
    if (jar instanceof Connection) {
      jar.transaction.addAfterCommitHook((committed) => committed && this.publish());
    }
  }

  /** The settings the default container is created with (a copy). */
  getContainerDefaults(): ContainerDefaults {
    return { ...DEFAULT_CONTAINER_DEFAULTS, ...this.containerDefaults };
  }

  /**
   * Changes the settings the default container is created with (on the next start, or when it
   * is missing). All are checked together. @throws SessionDataManagerError.
   */
  setContainerDefaults(changes: Partial<ContainerDefaults>): void {
    const next = checkContainerDefaults({ ...this.containerDefaults, ...changes });
    if (JSON.stringify(next) === JSON.stringify(this.containerDefaults)) return;
    this.containerDefaults = next;
    this.markChanged();
  }

  /**
   * The session data container, with the site's clock, logger and notification path resolver;
   * created in `/temp_folder` when the path is the default one and it is missing. Undefined
   * (and a warning, at most once a minute) when it cannot be found.
   */
  async findContainer(): Promise<TransientObjectContainer | undefined> {
    const runtime = sessionsRuntimeOf(this);
    const path = this.containerPath;
    let found: unknown = await resolvePath(this, path);
    if (found === undefined && path === DEFAULT_CONTAINER_PATH) {
      found = await this.createDefaultContainer();
      if (found === undefined) return undefined;
    }
    if (!(found instanceof TransientObjectContainer)) {
      warnThrottled(runtime, `External session data container '${path}' not found.`);
      return undefined;
    }
    found.setClock(runtime.clock);
    found.setPathResolver(resolveNotificationPath);
    found.setLogger({ warn: (message, error) => runtime.logger.warn({ err: error }, message) });
    return found;
  }

  /** What `ctx.session()` and the functions above work with. @internal */
  async sessionSource(ctx: ExtendableContext): Promise<SessionSource> {
    const txn = (ctx as { zoa?: { txn?: Transaction } }).zoa?.txn;
    if (txn === undefined) {
      throw new SessionDataManagerError(
        'Session data is available while the publisher handles a request (in views)',
        { status: 500 },
      );
    }
    const jar = this._p_jar;
    const scope = jar instanceof Connection ? jar.db.name : '';
    const redis = sessionsRuntimeOf(this).redis;
    return {
      browserIdManager: await this.getBrowserIdManager(),
      container: redis ? () => Promise.resolve(redis.in(txn)) : () => this.findContainer(),
      lockScope: redis ? `redis:${redis.keyPrefix}` : `${scope}:${this.containerPath}`,
      onUnitEnd: (release) => {
        if (txn.status === 'active' || txn.status === 'committing') {
          txn.addAfterCommitHook(() => release());
        } else {
          release();
        }
      },
      committed: () => txn.status === 'committed',
    };
  }

  /** Where sessions are in the current unit of work: Redis when configured, else the path. */
  private async sessionContainer(): Promise<SessionContainer | undefined> {
    const redis = sessionsRuntimeOf(this).redis;
    const jar = this._p_jar;
    if (redis !== undefined && jar instanceof Connection) return redis.in(jar.transaction);
    return this.findContainer();
  }

  /** Loads the stored state, and tells the middleware the request name. */
  override setState(state: Record<string, unknown>): void {
    super.setState(state);
    this.publish();
  }

  private async createDefaultContainer(): Promise<TransientObjectContainer | undefined> {
    const runtime = sessionsRuntimeOf(this);
    const folder = await resolvePath(this, TEMP_FOLDER_PATH);
    if (!(folder instanceof ObjectManager)) {
      warnThrottled(
        runtime,
        `Sessions are unavailable: there is no temporary folder at ${TEMP_FOLDER_PATH}. ` +
          `Configure the temporary database and create its mount point once ("zoa mount ${TEMP_FOLDER_PATH}").`,
      );
      return undefined;
    }
    const defaults = this.containerDefaults;
    const container = new TransientObjectContainer(CONTAINER_ID, {
      title: 'Session data container',
      timeoutMinutes: defaults.timeoutMinutes,
      periodSeconds: defaults.periodSeconds,
      absoluteTimeoutMinutes: defaults.absoluteTimeoutMinutes ?? 0,
      limit: defaults.limit,
      addNotification: defaults.addNotificationPath || null,
      delNotification: defaults.delNotificationPath || null,
    });
    await folder.setObject(CONTAINER_ID, container);
    folder.reserveName(CONTAINER_ID);
    return container;
  }

  private publish(): void {
    const jar = this._p_jar;
    if (jar instanceof Connection) requestNames.set(jar.db, this.requestName);
  }
}

classRegistry.register('SessionDataManager', SessionDataManager);

/** The request name last published for `db` by its session data manager. @internal */
export function publishedRequestName(db: Database): string | undefined {
  return requestNames.get(db);
}

function checkContainerPath(path: unknown): string {
  const checked = checkObjectPath('Container path', path);
  if (checked.trim() === '') throw new SessionDataManagerError('Container path is empty');
  return checked;
}

function checkRequestName(name: unknown): string {
  if (typeof name !== 'string' || !REQUEST_NAME.test(name) || name in Object.prototype) {
    throw new SessionDataManagerError(
      `Bad request name ${JSON.stringify(name)} (an identifier such as SESSION)`,
    );
  }
  return name;
}
