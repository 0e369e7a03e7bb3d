/** Largest timeslice the timeline can encode (12 decimal digits of seconds: ~31,700 years). */
const MAX_SLICE = 999_999_999_999;

/**
 * The timeslice of `nowMs`: `floor(t / P) * P` in epoch seconds, or 0 when the timeout is 0
 * (items never expire, so they all live in the one slice 0).
 *
 * @throws RangeError when the clock returned a negative, non-finite or too large time.
 */
export function timesliceOf(nowMs: number, timeoutSeconds: number, periodSeconds: number): number {
  if (!Number.isFinite(nowMs) || nowMs < 0 || nowMs / 1000 > MAX_SLICE) {
    throw new RangeError(`The clock returned an unusable time: ${String(nowMs)}`);
  }
  if (timeoutSeconds === 0) return 0;
  return Math.floor(nowMs / 1000 / periodSeconds) * periodSeconds;
}

/**
 * True when an item last touched in `slice` is still visible in the `current` slice: `c ≤ s + T`,
 * so that its lifetime after the last touch is in (T, T + P]. Always true for timeout 0.
 */
export function isLive(slice: number, current: number, timeoutSeconds: number): boolean {
  return timeoutSeconds === 0 || current <= slice + timeoutSeconds;
}

/**
 * Checks timeout and resolution as Zope does, in Zope's order, plus Zoa's refusal of negative
 * values. Returns the timeout in seconds.
 *
 * @throws TypeError when either is not an integer.
 * @throws RangeError when either is negative; when the timeout is not 0 and the resolution is 0,
 * greater than the timeout in seconds, or does not divide it evenly.
 */
export function checkTimeout(timeoutMinutes: unknown, periodSeconds: unknown): number {
  if (!Number.isInteger(timeoutMinutes)) {
    throw new TypeError(`timeoutMinutes must be an integer, not ${show(timeoutMinutes)}`);
  }
  if (!Number.isInteger(periodSeconds)) {
    throw new TypeError(`periodSeconds must be an integer, not ${show(periodSeconds)}`);
  }
  const minutes = timeoutMinutes as number;
  const period = periodSeconds as number;
  if (minutes < 0) throw new RangeError(`timeout minutes cannot be negative (${minutes})`);
  if (period < 0) throw new RangeError(`resolution cannot be negative (${period})`);
  const timeoutSeconds = minutes * 60;
  if (timeoutSeconds !== 0) {
    if (period === 0) throw new RangeError('resolution cannot be 0');
    if (period > timeoutSeconds) {
      throw new RangeError(
        `resolution cannot be greater than timeout minutes * 60 ( ${period} > ${timeoutSeconds} )`,
      );
    }
    if (timeoutSeconds % period !== 0) {
      throw new RangeError(
        `timeout seconds (${timeoutSeconds}) must be evenly divisible by resolution (${period})`,
      );
    }
  }
  return timeoutSeconds;
}

/**
 * Checks a subobject limit (0 = unlimited).
 *
 * @throws TypeError when it is not an integer; RangeError when it is negative.
 */
export function checkLimit(limit: unknown): number {
  if (!Number.isInteger(limit)) throw new TypeError(`limit must be an integer, not ${show(limit)}`);
  if ((limit as number) < 0) throw new RangeError(`limit cannot be negative (${limit as number})`);
  return limit as number;
}

/**
 * Checks an absolute timeout in minutes (0 = off): a non-negative integer. Returns it.
 *
 * @throws TypeError when it is not a (safe) integer; RangeError when it is negative.
 * @example
 * ```ts
 * checkAbsoluteTimeout(480); // 480: items end 8 hours after they were made
 * checkAbsoluteTimeout(-1); // RangeError: absoluteTimeoutMinutes cannot be negative (-1)
 * ```
 */
export function checkAbsoluteTimeout(absoluteTimeoutMinutes: unknown): number {
  if (!Number.isSafeInteger(absoluteTimeoutMinutes)) {
    throw new TypeError(
      `absoluteTimeoutMinutes must be an integer, not ${show(absoluteTimeoutMinutes)}`,
    );
  }
  const minutes = absoluteTimeoutMinutes as number;
  if (minutes < 0) {
    throw new RangeError(`absoluteTimeoutMinutes cannot be negative (${minutes})`);
  }
  return minutes;
}

/**
 * True when an item made at `createdMs` has reached the absolute timeout at `nowMs`:
 * `created + A <= now`. Never for an absolute timeout of 0 (off) or an unknown creation time.
 */
export function hasOutlived(
  createdMs: number | undefined,
  nowMs: number,
  absoluteTimeoutMinutes: number,
): boolean {
  return (
    absoluteTimeoutMinutes !== 0 &&
    createdMs !== undefined &&
    createdMs + absoluteTimeoutMinutes * 60_000 <= nowMs
  );
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
