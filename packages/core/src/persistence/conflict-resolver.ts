import { ConflictError } from './conflict-error';
import type { Oid, Storage, Tid } from './interfaces';
import type { Persistent } from './persistent';

/** The conflict resolver a persistent class may define as a static method. */
export type ConflictResolver = (old: unknown, committed: unknown, mine: unknown) => unknown;

/** The `resolveConflict` of `obj`'s class, bound to it, or undefined when it has none. @internal */
export function resolverOf(obj: Persistent): ConflictResolver | undefined {
  const resolver = (obj.constructor as { resolveConflict?: unknown }).resolveConflict;
  return typeof resolver === 'function'
    ? (resolver as ConflictResolver).bind(obj.constructor)
    : undefined;
}

/**
 * A write of `oid` merged with the commit that conflicts with it, through the class's resolver:
 * the merged state (as encoded) and the serial it is now based on. `write.tree` is its state as
 * encoded, `write.baseSerial` the serial it was based on. @internal
 *
 * @throws `error` when the object has no resolver or the revisions are gone, or a
 *   `ConflictError` with `error`'s conflicts when the resolver refuses the merge.
 */
export async function mergeConflictingWrite(
  storage: Storage,
  oid: Oid,
  write: { readonly obj: Persistent; readonly tree: unknown; readonly baseSerial: Tid },
  error: ConflictError,
): Promise<{ tree: unknown; baseSerial: Tid }> {
  const resolver = resolverOf(write.obj);
  if (!resolver || write.baseSerial === 0) throw error;
  const old = await storage.load(oid, write.baseSerial);
  const committed = await storage.load(oid);
  if (!old || !committed || old.serial !== write.baseSerial) throw error;
  try {
    const tree = resolver(
      JSON.parse(old.state),
      JSON.parse(committed.state),
      JSON.parse(JSON.stringify(write.tree)),
    );
    return { tree, baseSerial: committed.serial };
  } catch (cause) {
    if (cause instanceof ConflictError) {
      throw new ConflictError(`${error.message}: ${cause.message}`, error.conflicts);
    }
    throw cause;
  }
}
