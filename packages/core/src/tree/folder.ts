import { classRegistry } from '../persistence/class-registry';
import type { Persistent } from '../persistence/persistent';
import type { Item } from './item';
import { ObjectManager } from './object-manager';
import { moveByDelta, moveToPosition, sortIds } from './order-support';

/** What {@link Folder.orderObjects} sorts by: a built-in key or a function of the child. */
export type OrderKey = 'id' | 'title' | 'metaType' | ((child: Item) => string | number);

/**
 * An ordered folder (Zope's `Folder` with `OrderSupport`): children keep the order they were
 * added in, and can be moved up, down, to the top or bottom, to a position, or sorted. The
 * children are kept in one Map inside the folder's record — fine for hundreds of children; use
 * `BTreeFolder` for tens of thousands.
 *
 * @example
 * ```ts
 * const news = await root.setObject('news', new Folder('news', 'News'));
 * await news.setObject('first', new Page('first', '<h1>{{ context.title }}</h1>'));
 * await news.objectIds(); // ['first']
 * await news.moveObjectsToTop(['first']);
 * ```
 */
export class Folder extends ObjectManager {
  static override readonly metaType: string = 'Folder';
  static override readonly icon: string = 'folder.svg';

  /** The children, by id, in order. Values may be ghosts until handed out. */
  private _objects?: Map<string, Persistent> = new Map();

  override get isOrderable(): boolean {
    return true;
  }

  override async objectCount(): Promise<number> {
    await this.activate();
    return this.children().size;
  }

  /** @internal */
  override _getOb(id: string): Persistent | undefined {
    return this.children().get(id);
  }

  /** @internal */
  override async _setOb(id: string, obj: Item): Promise<void> {
    this.markChanged();
    this._objects = this.children().set(id, obj);
  }

  /** @internal */
  override async _delOb(id: string): Promise<void> {
    this.markChanged();
    this.children().delete(id);
  }

  /** @internal */
  override async _renameOb(oldId: string, newId: string, obj: Item): Promise<void> {
    const renamed = new Map<string, Persistent>();
    for (const [id, child] of this.children())
      renamed.set(id === oldId ? newId : id, id === oldId ? obj : child);
    this._objects = renamed;
    this.markChanged();
  }

  /** @internal */
  override async *_keys(after?: string): AsyncGenerator<string, void, undefined> {
    for await (const [id] of this._entries(after)) yield id;
  }

  /** @internal */
  override async *_entries(after?: string): AsyncGenerator<[string, Persistent], void, undefined> {
    let started = after === undefined;
    for (const entry of [...this.children()]) {
      if (started) yield entry;
      else started = entry[0] === after;
    }
  }

  /** The 0-based position of the child `id`, or -1 (Zope's `getObjectPosition`). */
  async getObjectPosition(id: string): Promise<number> {
    await this.activate();
    return [...this.children().keys()].indexOf(id);
  }

  /** Moves children by `delta` places (negative: up); returns how many moved. */
  async moveObjectsByDelta(ids: readonly string[], delta: number): Promise<number> {
    await this.activate();
    const { order, moved } = moveByDelta([...this.children().keys()], ids, delta);
    if (moved > 0) await this.reorder(order);
    return moved;
  }

  /** Moves children up by `delta` places (default 1). */
  async moveObjectsUp(ids: readonly string[], delta = 1): Promise<number> {
    return this.moveObjectsByDelta(ids, -delta);
  }

  /** Moves children down by `delta` places (default 1). */
  async moveObjectsDown(ids: readonly string[], delta = 1): Promise<number> {
    return this.moveObjectsByDelta(ids, delta);
  }

  /** Moves children to the top, keeping their relative order. */
  async moveObjectsToTop(ids: readonly string[]): Promise<number> {
    await this.activate();
    return this.moveObjectsByDelta(ids, -this.children().size);
  }

  /** Moves children to the bottom, keeping their relative order. */
  async moveObjectsToBottom(ids: readonly string[]): Promise<number> {
    await this.activate();
    return this.moveObjectsByDelta(ids, this.children().size);
  }

  /**
   * Moves `ids`, in the order given, so that the first of them is at `position` (0-based, clamped)
   * and the others follow it.
   */
  async moveObjectsToPosition(ids: readonly string[], position: number): Promise<void> {
    await this.activate();
    await this.reorder(moveToPosition([...this.children().keys()], ids, position));
  }

  /** Moves one child to `position` (Zope's `moveObjectToPosition`). */
  async moveObjectToPosition(id: string, position: number): Promise<void> {
    await this.moveObjectsToPosition([id], position);
  }

  /** Sorts the children by `key` (stable), optionally in reverse (Zope's `orderObjects`). */
  async orderObjects(key: OrderKey, reverse = false): Promise<void> {
    const children = new Map(await this.objectItems());
    const keyOf = (id: string): string | number => {
      const child = children.get(id) as Item;
      if (typeof key === 'function') return key(child);
      return key === 'id' ? child.id : key === 'title' ? child.title : child.metaType;
    };
    await this.reorder(sortIds([...children.keys()], keyOf, reverse));
  }

  /** The children (read-only use; writers mark the folder changed first). */
  private children(): Map<string, Persistent> {
    return this._objects ?? new Map();
  }

  private async reorder(order: readonly string[]): Promise<void> {
    const children = this.children();
    const same =
      order.length === children.size && [...children.keys()].every((id, i) => order[i] === id);
    if (same) return;
    this._objects = new Map(order.map((id) => [id, children.get(id) as Persistent]));
    this.markChanged();
    await this.containerModified();
  }
}

classRegistry.register('Folder', Folder);
