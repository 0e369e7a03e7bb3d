import { Broken } from './broken';
import type { ClassRegistry } from './class-registry';
import { UnmarkedMutationError } from './errors';
import type { Persistent } from './persistent';
import { metaOf } from './persistent';
import { classNameOf, encodeState, RefCell } from './serializer';

/**
 * Dev check (a database's `devChecks`): throws for an object among `watched` — those loaded in
 * this transaction or written by the connection's previous one — whose state differs from what
 * was loaded although it was not marked changed. Bounded by the work of the transaction, not by
 * the cache size. @internal
 *
 * @throws UnmarkedMutationError naming the object.
 */
export function checkUnmarked(watched: Iterable<Persistent>, registry: ClassRegistry): void {
  for (const obj of watched) {
    const meta = metaOf(obj);
    if (meta.status !== 'saved' || meta.loadedState === undefined) continue;
    if (obj instanceof Broken) continue;
    let now: string;
    try {
      const { tree } = encodeState(
        obj,
        registry,
        (target) => new RefCell(metaOf(target).oid ?? -1, classNameOf(target, registry)),
        // a lazy reference is written as it was loaded, making no object for it
        (lazy) => new RefCell(lazy.oid, lazy.className),
      );
      now = JSON.stringify(tree);
    } catch {
      continue;
    }
    if (now !== meta.loadedState) {
      throw new UnmarkedMutationError(
        `${obj.describe()} was changed without markChanged(): the change would be lost. ` +
          'Call this.markChanged() in the method that changes it.',
      );
    }
  }
}
