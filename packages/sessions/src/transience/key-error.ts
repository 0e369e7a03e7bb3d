import { ZoaError } from '@zoa/core';

/**
 * A key is missing (Python's `KeyError`, which Zope raises): `getItem` or `delete` of a key a
 * container or a transient object does not hold, or `new` of a key a container already holds.
 * The message never shows a container key — those are browser ids (S-23) — but the key is
 * available to code as {@link KeyError.key} (not enumerable, so loggers do not print it).
 *
 * @example
 * ```ts
 * try {
 *   await container.getItem(browserId);
 * } catch (error) {
 *   if (!(error instanceof KeyError)) throw error;
 * }
 * ```
 */
export class KeyError extends ZoaError {
  /** The key that was looked up. */
  declare readonly key: string;

  constructor(message: string, key: string) {
    super(message, { status: 500, expose: false });
    Object.defineProperty(this, 'key', { value: key, enumerable: false });
  }
}
