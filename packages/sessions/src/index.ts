/**
 * `@zoa/sessions`: Transience (the transient object container and the session data), the browser
 * id manager, the session data manager and the Koa glue.
 *
 * @packageDocumentation
 */

// Transience (no Koa: usable from scripts and tests).
export { TransientObjectContainer } from './transience/transient-object-container';
export { TransientObjectContainerSettings } from './transience/transient-object-container-settings';
export type { TransientObjectContainerOptions } from './transience/transient-object-container-settings';
export { TransientObject } from './transience/transient-object';
export type { TransientObjectOptions } from './transience/transient-object';
export { MaxTransientObjectsExceeded } from './transience/max-transient-objects-exceeded';
export { KeyError } from './transience/key-error';
export { mergeTransientStates } from './transience/merge-transient-states';
export type { TransientState, StoredEntry } from './transience/merge-transient-states';
export { copyJsonValue } from './transience/json-value';
export type { JsonValue } from './transience/json-value';
export {
  checkTimeout,
  checkLimit,
  checkAbsoluteTimeout,
  hasOutlived,
  timesliceOf,
  isLive,
} from './transience/timeslices';
export { startHousekeepingTimer } from './transience/housekeeping-timer';
export type {
  Housekeepable,
  HousekeepingBatch,
  HousekeepingTimerOptions,
} from './transience/housekeeping-timer';
export { systemClock, silentLogger } from './transience/interfaces';
export type {
  Clock,
  TransienceLogger,
  NotificationFunction,
  NotificationTarget,
  PathResolver,
} from './transience/interfaces';

// Browser ids.
export { BrowserIdManager, BROWSER_ID_MANAGER_ID } from './browser-id/browser-id-manager';
export type { BrowserIdManagerOptions, EncodeUrlOptions } from './browser-id/browser-id-manager';
export { BrowserIdManagerError } from './browser-id/browser-id-manager-error';
export { newBrowserId, isWellFormedBrowserId, BROWSER_ID_LENGTH } from './browser-id/browser-id';
export { DEFAULT_BROWSER_ID_SETTINGS } from './browser-id/browser-id-settings';
export type {
  BrowserIdSettings,
  BrowserIdNamespace,
  CookieSameSite,
  CookieSecure,
} from './browser-id/browser-id-settings';
export { browserIdCookie } from './browser-id/browser-id-cookie';
export { readCookieBrowserId } from './browser-id/read-browser-id';
export { consumeUrlBrowserId } from './browser-id/url-namespace';
export {
  encodeBrowserIdInUrls,
  prefixRedirectLocation,
} from './browser-id/encode-browser-id-in-urls';

// Session data.
export {
  SessionDataManager,
  SESSION_DATA_MANAGER_ID,
  DEFAULT_CONTAINER_PATH,
  DEFAULT_REQUEST_NAME,
} from './session-data/session-data-manager';
export type {
  SessionDataManagerOptions,
  GetSessionDataOptions,
} from './session-data/session-data-manager';
export { SessionDataManagerError } from './session-data/session-data-manager-error';
export { SessionsUnavailableError } from './session-data/sessions-unavailable-error';
export { isSessionData } from './session-data/session-data';
export type { SessionData, SessionContainer } from './session-data/session-data';
export { DEFAULT_CONTAINER_DEFAULTS } from './session-data/container-defaults';
export type { ContainerDefaults } from './session-data/container-defaults';
export { resolveNotificationPath } from './session-data/resolve-notification-path';
export { SessionLocks, sessionLocks } from './session-data/session-locks';
export { setSessionsRuntime } from './sessions-runtime';
export type { SessionsRuntime } from './sessions-runtime';

// Koa.
export type { SessionAccessor, SessionOptions } from './koa/session-accessor';
export { rotateBrowserId, endSession } from './koa/rotate-browser-id';
export { siteSessions } from './koa/site-sessions';
export type { SiteSessionsOptions } from './koa/site-sessions';
export { sessions } from './koa/sessions';
export type { SessionsOptions, SessionsMiddleware } from './koa/sessions';

// Redis.
export { RedisSessionContainer } from './redis/redis-session-container';
export type { RedisSessionContainerOptions } from './redis/redis-session-container';
export { RedisTransientObject } from './redis/redis-transient-object';
export type { RedisSettings } from './product/redis-sessions';

// The product.
export { createProduct } from './product/create-product';
export type { SessionsProductContext } from './product/create-product';
export type { SessionsSettings } from './product/sessions-settings';
export { sessionTypes } from './product/session-types';
export { ensureSessionObjects } from './product/ensure-session-objects';
export { subscribeLoginHooks } from './product/subscribe-login-hooks';
export type { SessionObjects } from './product/ensure-session-objects';
export * from './product/session-permissions';
