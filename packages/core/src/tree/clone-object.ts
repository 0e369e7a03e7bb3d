import type { ClassRegistry } from '../persistence/class-registry';
import { classRegistry } from '../persistence/class-registry';
import type { Persistent } from '../persistence/persistent';
import { collectRecords, materializeRecords } from './subtree-records';

/**
 * A deep copy of `obj` and everything reachable from it — for a folder, the whole subtree —
 * made the way Zope copies (an export and an import in memory): the copy shares no object and no
 * mutable value with the original, and gets new oids when committed. The copy has no parent link.
 *
 * @example
 * ```ts
 * const copy = await cloneObject(folder);
 * copy.setTitle('Copy'); // the original is unchanged
 * ```
 */
export async function cloneObject<T extends Persistent>(
  obj: T,
  registry: ClassRegistry = classRegistry,
): Promise<T> {
  return materializeRecords(await collectRecords(obj, registry), registry) as T;
}
