import type { ClassRegistry } from '../persistence/class-registry';
import { classRegistry } from '../persistence/class-registry';
import type { Item } from './item';
import { collectRecords } from './subtree-records';

/**
 * Exports `obj` and its subtree as a JSON document (Zoa's `.zexp`; see `ZexpDocument`): every
 * record with local oids. Binary data is base64 in the JSON.
 *
 * @example
 * ```ts
 * const json = await exportObject(await root.get('news'));
 * await fs.writeFile('news.zexp.json', json);
 * ```
 */
export async function exportObject(
  obj: Item,
  registry: ClassRegistry = classRegistry,
): Promise<string> {
  return JSON.stringify(await collectRecords(obj, registry, obj.getPath()));
}
