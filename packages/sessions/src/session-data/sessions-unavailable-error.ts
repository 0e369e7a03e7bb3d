import { ServiceUnavailableError } from '@zoa/core';

/** Seconds a client is asked to wait when sessions are unavailable. */
const RETRY_AFTER_SECONDS = 30;

/**
 * The request needs a session and none can be had: the session data container is missing (no
 * temporary folder, a wrong container path) or its backend is down. Answered 503 with
 * `Retry-After`; the rest of the site keeps working, and the reason is logged once a minute.
 *
 * @example
 * ```ts
 * const session = await ctx.session(); // throws SessionsUnavailableError (503) without a container
 * ```
 */
export class SessionsUnavailableError extends ServiceUnavailableError {
  constructor(
    message = 'Sessions are not available at the moment; please try again later.',
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, {
      retryAfterSeconds: options.retryAfterSeconds ?? RETRY_AFTER_SECONDS,
      cause: options.cause,
    });
  }
}
