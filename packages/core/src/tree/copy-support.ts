import type { PersistentJar } from '../persistence/persistent';
import { checkValidId } from './check-id';
import type { Clipboard, ClipboardOp } from './clipboard';
import { decodeClipboard, isClipboard } from './clipboard';
import { cloneObject } from './clone-object';
import { escapeHtml } from '../errors/escape-html';
import { CopyError, ReservedObjectError } from './errors';
import type { Item } from './item';
import { setParent } from './item';
import { objectEvents } from './object-event-dispatcher';
import type { ObjectManager } from './object-manager';
import { resolvePath } from './resolve-path';

/** Options of `managePasteObjects`. */
export interface PasteOptions {
  /**
   * Finds the object at a clipboard path (the publisher passes its own traversal); default:
   * {@link resolvePath} from the root of the target's tree.
   */
  resolvePath?: (path: string) => Promise<Item | undefined>;
}

/** What a paste did with one clipboard object: its id before and after. */
export interface PasteResult {
  readonly id: string;
  readonly newId: string;
}

const COPY_ID = /^copy([0-9]*)_of_(.*)$/s;

/**
 * A free id in `container` for a pasted object: the id itself, else `copy_of_<id>`,
 * `copy2_of_<id>`, `copy3_of_<id>`... (Zope's `_get_id`; `copy_of_x` pasted again gives
 * `copy2_of_x`).
 */
export async function getCopyId(container: ObjectManager, id: string): Promise<string> {
  const match = COPY_ID.exec(id);
  let n = match ? Number(match[1] || '1') : 0;
  const original = match ? (match[2] as string) : id;
  let candidate = id;
  while (await container.has(candidate)) {
    candidate = `copy${n === 0 ? '' : n + 1}_of_${original}`;
    n += 1;
  }
  return candidate;
}

/** Builds the clipboard value for `objects` (children of `container`, checked by the caller). */
export function copyObjects(
  container: ObjectManager,
  objects: readonly Item[],
  op: ClipboardOp,
): Clipboard {
  if (objects.length === 0) throw new CopyError('No objects were selected.');
  const base = container.getPath() === '/' ? '' : container.getPath();
  return { op, paths: objects.map((obj) => `${base}/${obj.id}`) };
}

/** The connection of the nearest stored object at or above `obj` (which database it is in). */
function jarOf(obj: Item): PersistentJar | undefined {
  for (let node: Item | undefined = obj; node; node = node.__parent__) {
    if (node._p_jar) return node._p_jar;
  }
  return undefined;
}

function isInside(target: Item, source: Item): boolean {
  const inner = target.getPhysicalPath();
  const outer = source.getPhysicalPath();
  return outer.length <= inner.length && outer.every((segment, i) => inner[i] === segment);
}

/**
 * Pastes a clipboard into `target` (Zope's `manage_pasteObjects`). Every source is resolved and
 * checked before anything changes: it must exist, must not be `target` or one of its ancestors
 * (no paste into itself or a descendant), and, for a cut, must not be reserved.
 *
 * - copy: a deep, independent copy of each subtree (see `cloneObject`) is added under a free
 *   id (`copy_of_X`, `copy2_of_X`...), with `copied`, `will-add` and `added` events;
 * - cut: each object moves (same object, same oid) with `will-move` / `moved` events, keeping
 *   its id unless taken; a cut pasted into its own container changes nothing; a move into
 *   another database (through a mount point) is done as a copy plus a delete.
 *
 * @throws BadRequestError for an invalid clipboard; CopyError when a source is missing or the
 * paste would put an object into itself; ReservedObjectError for a reserved cut object.
 */
export async function pasteObjects(
  target: ObjectManager,
  clipboard: Clipboard | string,
  options: PasteOptions = {},
): Promise<PasteResult[]> {
  const { op, paths } =
    typeof clipboard === 'string' ? decodeClipboard(clipboard) : checked(clipboard);
  const resolve = options.resolvePath ?? ((path: string) => resolvePath(target, path));
  const sources: Item[] = [];
  for (const path of paths) {
    const source = await resolve(path);
    if (!source) throw new CopyError(`The object "${escapeHtml(path)}" no longer exists.`);
    if (isInside(target, source)) {
      throw new CopyError(
        `The object "${escapeHtml(source.id)}" cannot be pasted into itself or one of its descendants.`,
      );
    }
    const parent = source.__parent__ as ObjectManager | undefined;
    if (op === 'cut' && (!parent || !parent.isFolderish)) {
      throw new CopyError(`The object "${escapeHtml(source.id)}" has no container to be cut from.`);
    }
    if (op === 'cut' && parent?.isReserved(source.id)) {
      throw new ReservedObjectError(
        `The object "${escapeHtml(source.id)}" is reserved and cannot be cut.`,
      );
    }
    sources.push(source);
  }
  const results: PasteResult[] = [];
  for (const source of sources) {
    const parent = source.__parent__ as ObjectManager;
    if (op === 'cut' && parent === target) {
      results.push({ id: source.id, newId: source.id });
    } else if (op === 'cut' && jarOf(parent) === jarOf(target)) {
      results.push(await move(target, parent, source));
    } else {
      results.push(await copy(target, source));
      if (op === 'cut') await parent.delObject(source.id);
    }
  }
  return results;
}

function checked(clipboard: Clipboard): Clipboard {
  if (!isClipboard(clipboard)) throw new CopyError('The clipboard data is invalid.');
  return clipboard;
}

async function copy(target: ObjectManager, source: Item): Promise<PasteResult> {
  const newId = await checkValidId(target, await getCopyId(target, source.id));
  const clone = await cloneObject(source);
  clone.id = newId;
  await objectEvents.dispatchToSubtree({ type: 'copied', object: clone, original: source });
  await target.setObject(newId, clone);
  return { id: source.id, newId };
}

async function move(
  target: ObjectManager,
  parent: ObjectManager,
  source: Item,
): Promise<PasteResult> {
  const oldId = source.id;
  const newId = await checkValidId(target, await getCopyId(target, oldId));
  const event = {
    object: source,
    oldParent: parent,
    oldName: oldId,
    newParent: target,
    newName: newId,
  };
  await objectEvents.dispatchToSubtree({ type: 'will-move', ...event });
  await parent._delOb(oldId);
  if (newId !== oldId) {
    source.id = newId;
    source.markChanged();
  }
  await target._setOb(newId, source);
  setParent(source, target);
  await objectEvents.dispatchToSubtree({ type: 'moved', ...event });
  await parent.containerModified();
  await target.containerModified();
  return { id: oldId, newId };
}
