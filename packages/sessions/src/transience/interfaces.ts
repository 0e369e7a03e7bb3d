/**
 * Where Transience gets the time: epoch milliseconds. Inject a fake one in tests; the default is
 * {@link systemClock}.
 */
export type Clock = () => number;

/** The clock of the running system (`Date.now`). */
export const systemClock: Clock = () => Date.now();

/**
 * Where Transience reports what it does not raise (a missing or failing notification target).
 * Adapt pino with `{ warn: (message, error) => log.warn({ err: error }, message) }`.
 */
export interface TransienceLogger {
  /** Reports a problem that was handled. Messages never contain container keys (S-23). */
  warn(message: string, error?: unknown): void;
}

/** A logger that drops everything: the default, so that tests and scripts stay quiet. */
export const silentLogger: TransienceLogger = { warn: () => undefined };

/**
 * A notification callback: called as `(item, container)` when an item is added to a container
 * (every assignment) or deleted from it (expired and finalized, or invalidated). It may be async;
 * what it throws is logged, never raised.
 */
export type NotificationFunction = (item: unknown, container: object) => unknown;

/**
 * A notification target: a path (stored with the container, resolved through the container's
 * {@link PathResolver} when it fires) or a function (kept in memory only, never stored).
 */
export type NotificationTarget = string | NotificationFunction;

/**
 * Turns a notification path into something callable. The container does not know the tree's
 * traversal; the session data manager installs a resolver that traverses from the container.
 * Resolving to undefined (or to something not callable) logs a warning and skips the call.
 */
export type PathResolver = (
  path: string,
  container: object,
) => Promise<NotificationFunction | undefined> | NotificationFunction | undefined;

/**
 * What a {@link TransientObject} needs from the container that handed it out: the container's
 * clock, and removal when the object is invalidated. @internal
 */
export interface TransientObjectHost {
  /** The container clock's current time, epoch ms. */
  now(): number;
  /** Removes `item` (stored under `key`) and fires the delete notification. */
  removeInvalidated(key: string, item: object): Promise<void>;
}
