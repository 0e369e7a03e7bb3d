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
export { checkTimeout, checkLimit, timesliceOf, isLive } from './transience/timeslices';
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
