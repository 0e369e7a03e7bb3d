import { checkAbsoluteTimeout, checkLimit, checkTimeout } from '../transience/timeslices';
import { SessionDataManagerError } from './session-data-manager-error';

/**
 * The settings the session data manager creates `/temp_folder/session_data` with on every start
 * (Zope 2's session-timeout-minutes, session-resolution-seconds,
 * maximum-number-of-session-objects, session-add-notify-script-path and
 * session-delete-notify-script-path).
 */
export interface ContainerDefaults {
  /** Minutes of inactivity before a session expires; 0 = never (default 20). */
  readonly timeoutMinutes: number;
  /** The timeslice in seconds; divides the timeout (default 20). */
  readonly periodSeconds: number;
  /**
   * Minutes after its creation at which a session ends however active it is; 0 = off (the
   * default). Zoa's addition (S-15).
   */
  readonly absoluteTimeoutMinutes: number;
  /** Most sessions held; 0 = unlimited (default 0). A full container answers 503. */
  readonly limit: number;
  /** Path of the method called when a session is added ('' = none). */
  readonly addNotificationPath: string;
  /** Path of the method called when a session expires or is invalidated ('' = none). */
  readonly delNotificationPath: string;
}

/** Zope's defaults: 20 minutes, 20 seconds, unlimited, no notifications; no absolute timeout. */
export const DEFAULT_CONTAINER_DEFAULTS: Readonly<ContainerDefaults> = Object.freeze({
  timeoutMinutes: 20,
  periodSeconds: 20,
  absoluteTimeoutMinutes: 0,
  limit: 0,
  addNotificationPath: '',
  delNotificationPath: '',
});

/** Zope's allowed characters in an object path: letters, digits and `-_~,. /`. */
const PATH_CHARS = /^[a-zA-Z0-9\-_~,. /]*$/;

/**
 * Checks an object path (a container path or a notification path): only letters, digits and
 * `-_~,. /` (Zope's rule), at most 1024 characters.
 *
 * @throws SessionDataManagerError "… contains characters invalid in a Zope object path".
 */
export function checkObjectPath(what: string, path: unknown): string {
  if (typeof path !== 'string' || path.length > 1024 || !PATH_CHARS.test(path)) {
    throw new SessionDataManagerError(`${what} contains characters invalid in a Zope object path`);
  }
  return path;
}

/**
 * Checks container defaults with the container's own rules (integers, the resolution divides the
 * timeout, a non-negative limit and absolute timeout) and the path rule for notification paths.
 * An absolute timeout missing from defaults stored before it existed counts as 0.
 *
 * @throws SessionDataManagerError with the container's message.
 */
export function checkContainerDefaults(defaults: ContainerDefaults): ContainerDefaults {
  try {
    checkTimeout(defaults.timeoutMinutes, defaults.periodSeconds);
    checkAbsoluteTimeout(defaults.absoluteTimeoutMinutes ?? 0);
    checkLimit(defaults.limit);
  } catch (error) {
    throw new SessionDataManagerError((error as Error).message);
  }
  return {
    timeoutMinutes: defaults.timeoutMinutes,
    periodSeconds: defaults.periodSeconds,
    absoluteTimeoutMinutes: defaults.absoluteTimeoutMinutes ?? 0,
    limit: defaults.limit,
    addNotificationPath: checkObjectPath('Add notification path', defaults.addNotificationPath),
    delNotificationPath: checkObjectPath('Delete notification path', defaults.delNotificationPath),
  };
}
