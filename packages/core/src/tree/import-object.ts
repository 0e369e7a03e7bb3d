import { BadRequestError } from '../errors';
import type { ClassRegistry } from '../persistence/class-registry';
import { classRegistry } from '../persistence/class-registry';
import { checkIdSyntax, checkValidId } from './check-id';
import { escapeHtml } from '../errors/escape-html';
import { Item } from './item';
import type { ObjectManager } from './object-manager';
import type { ZexpDocument } from './subtree-records';
import { materializeRecords } from './subtree-records';

/** Options of {@link importObject}. */
export interface ImportOptions {
  /** The id to give the imported object (default: the id it was exported with). */
  id?: string;
  /** Class registry to resolve class names (default: the global one). */
  registry?: ClassRegistry;
}

/** Checks every child id below `obj` with the id rules (an export is untrusted input). */
async function checkSubtreeIds(obj: Item): Promise<void> {
  if (!obj.isFolderish) return;
  const folder = obj as ObjectManager;
  for (const [id, child] of await folder.objectItems()) {
    checkIdSyntax(folder, id);
    if (child.id !== id) {
      throw new BadRequestError(
        `The export is invalid: the child "${escapeHtml(id)}" has another id.`,
      );
    }
    await checkSubtreeIds(child);
  }
}

/**
 * Imports an export made by `exportObject` into `container`, as new objects with new oids.
 * Ids follow the id rules; an id already in use is reported, never overwritten.
 *
 * @throws BadRequestError when the document is invalid, or naming the id when it is taken or
 * bad.
 * @example
 * ```ts
 * const news = await importObject(root, json, { id: 'news-restored' });
 * ```
 */
export async function importObject(
  container: ObjectManager,
  json: string | ZexpDocument,
  options: ImportOptions = {},
): Promise<Item> {
  let doc: unknown = json;
  if (typeof json === 'string') {
    try {
      doc = JSON.parse(json);
    } catch {
      throw new BadRequestError('The export is invalid: not JSON.');
    }
  }
  const obj = materializeRecords(doc, options.registry ?? classRegistry);
  if (!(obj instanceof Item))
    throw new BadRequestError('The export is invalid: its root is not a tree object.');
  const id = await checkValidId(container, options.id ?? obj.id);
  await checkSubtreeIds(obj);
  return container.setObject(id, obj);
}
