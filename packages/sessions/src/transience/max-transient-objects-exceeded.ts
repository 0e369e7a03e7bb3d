import { ServiceUnavailableError } from '@zoa/core';

/**
 * A container holds as many items as its limit allows: the request that wanted a new one
 * is answered 503 with `Retry-After` (the seconds until the oldest item can expire), and nothing
 * else is lost. The message is Zope's: `"<length> exceeds maximum number of subobjects <limit>"`.
 *
 * @example
 * ```ts
 * const toc = new TransientObjectContainer('sessions', { limit: 1 });
 * await toc.new('a');
 * await toc.new('b'); // throws MaxTransientObjectsExceeded (status 503)
 * ```
 */
export class MaxTransientObjectsExceeded extends ServiceUnavailableError {
  /** How many items the container held. */
  readonly length: number;
  /** The container's limit. */
  readonly limit: number;

  constructor(length: number, limit: number, retryAfterSeconds: number) {
    super(`${length} exceeds maximum number of subobjects ${limit}`, { retryAfterSeconds });
    this.length = length;
    this.limit = limit;
  }
}
