import { BTree } from '../persistence/btree';
import { classRegistry } from '../persistence/class-registry';
import type { Persistent } from '../persistence/persistent';
import type { Item } from './item';
import { ObjectManager } from './object-manager';

/**
 * A large folder (Zope's `BTreeFolder2`): children live in a persistent B-tree of small records,
 * so a folder of 100,000 or a million children loads and writes only what it touches — adding a
 * child writes the child, one bucket and the B-tree's size counter (plus a node when a bucket
 * splits). Children are sorted by id (UTF-16 code-unit order) and cannot be reordered.
 *
 * Listing: `objectIds()` without a meta type reads only the B-tree's buckets; filtering by meta
 * type, `objectValues()` and `objectItems()` load each child they return, so page them:
 * `objectValues(undefined, { limit: 50 })`, then `{ after: lastId, limit: 50 }`.
 *
 * @example
 * ```ts
 * const members = await root.setObject('members', new BTreeFolder('members'));
 * await members.setObject('alice', new Folder('alice'));
 * await members.objectCount(); // 1
 * await members.objectIds(undefined, { limit: 50 }); // the first page, sorted by id
 * ```
 */
export class BTreeFolder extends ObjectManager {
  static override readonly metaType: string = 'BTreeFolder';
  static override readonly icon: string = 'folder.svg';

  /** The children, by id. */
  private _tree: BTree<string, Persistent>;

  constructor(id: string, title = '') {
    super(id, title);
    this._tree = new BTree<string, Persistent>();
  }

  override async objectCount(): Promise<number> {
    await this.activate();
    return this._tree.size();
  }

  /** @internal */
  override async _getOb(id: string): Promise<Persistent | undefined> {
    return this._tree.get(id);
  }

  /** @internal */
  override async _setOb(id: string, obj: Item): Promise<void> {
    await this._tree.set(id, obj);
  }

  /** @internal */
  override async _delOb(id: string): Promise<void> {
    await this._tree.delete(id);
  }

  /** @internal */
  override async _renameOb(oldId: string, newId: string, obj: Item): Promise<void> {
    await this._tree.delete(oldId);
    await this._tree.set(newId, obj);
  }

  /** @internal */
  override _keys(after?: string): AsyncIterable<string> {
    return this._tree.keys(after === undefined ? {} : { min: after, excludeMin: true });
  }

  /** @internal */
  override _entries(after?: string): AsyncIterable<[string, Persistent]> {
    return this._tree.entries(after === undefined ? {} : { min: after, excludeMin: true });
  }
}

classRegistry.register('BTreeFolder', BTreeFolder);
