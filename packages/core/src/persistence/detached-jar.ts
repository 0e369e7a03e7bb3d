import type { Persistent, PersistentJar } from './persistent';

/** The error for using an object that {@link DETACHED_JAR} holds. @internal */
export function detachedError(obj: Persistent): Error {
  return new Error(
    `${obj.describe()} was loaded for a transaction that has ended, and its class keeps its ` +
      'objects for one transaction only (cacheOnReuse): get it again in this transaction',
  );
}

/**
 * The jar of an object its connection let go at the end of the transaction that loaded it (see
 * `Persistent.cacheOnReuse`): a ghost whose activation fails with an error that says to get the
 * object again, rather than a second object of the same oid. @internal
 *
 * @example
 * ```ts
 * await session.activate(); // rejects: "... was loaded for a transaction that has ended ..."
 * ```
 */
export const DETACHED_JAR: PersistentJar = Object.freeze({
  register(obj: Persistent): void {
    throw detachedError(obj);
  },
  setstate(obj: Persistent): Promise<void> {
    return Promise.reject(detachedError(obj));
  },
});
