import { ZoaError } from '../errors';

/**
 * 429: too many failed logins; carries `Retry-After` (whole seconds, at least 1).
 *
 * @example
 * ```ts
 * throw new TooManyRequestsError(120); // 429, Retry-After: 120
 * ```
 */
export class TooManyRequestsError extends ZoaError {
  /** Seconds until the client may try again. */
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, message = 'Too many failed logins; try again later') {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(message, { status: 429, expose: true, headers: { 'Retry-After': String(seconds) } });
    this.retryAfterSeconds = seconds;
  }
}
