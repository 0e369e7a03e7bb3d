/** A source of the current time, injected so tests can move time without sleeping. */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
}

/**
 * The clock of the running process.
 *
 * @example
 * ```ts
 * const throttle = new LoginThrottle({ clock: systemClock });
 * ```
 */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });
