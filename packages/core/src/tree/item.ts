import { classRegistry } from '../persistence/class-registry';
import { Persistent } from '../persistence/persistent';
import type { ObjectEvent } from './object-event';

const NO_CHILDREN: AsyncIterable<never> = {
  [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true, value: undefined }) }),
};

/**
 * Sets the parent link of `item` (not stored, not enumerable). Containers call it when they
 * hand a child out; mount points call it on the mounted root container.
 */
export function setParent(item: Item, parent: Item | undefined): void {
  if (parent !== undefined && item.__parent__ === parent) return; // already linked
  Object.defineProperty(item, '__parent__', {
    value: parent,
    writable: true,
    enumerable: false,
    configurable: true,
  });
}

/**
 * Base class of every object in the tree (Zope's `SimpleItem`): an id, a title, a meta type and
 * a parent link. The parent link (`__parent__`) is set by the container when the item is added or
 * looked up; it is never stored, so the tree has no cycles on disk.
 *
 * @example
 * ```ts
 * class Note extends Item {
 *   static override readonly metaType = 'Note';
 *   text = '';
 * }
 * ```
 */
export class Item extends Persistent {
  /** The type name shown in the ZMI and used by the product registry. */
  static readonly metaType: string = 'Item';
  /** The ZMI icon (a path under the ZMI's static files or a data: URL). */
  static readonly icon: string = 'item.svg';

  /** The id, unique within the container. */
  id: string;
  /** A human-readable title (may be empty). */
  title: string;
  /** The container, set when the item is added or traversed; not stored. */
  declare __parent__: Item | undefined;

  constructor(id: string, title = '') {
    super();
    this.id = id;
    this.title = title;
  }

  /** The id (Zope's `getId()`). */
  getId(): string {
    return this.id;
  }

  /** The meta type of this object's class. */
  get metaType(): string {
    return (this.constructor as typeof Item).metaType;
  }

  /** The ZMI icon of this object's class. */
  get icon(): string {
    return (this.constructor as typeof Item).icon;
  }

  /** True for containers (Zope's `isPrincipiaFolderish`); false for plain items. */
  get isFolderish(): boolean {
    return false;
  }

  /** The size shown in ZMI listings, in bytes (0 when it means nothing for the type). */
  getSize(): number {
    return 0;
  }

  /**
   * The objects subtree events are passed on to (Zope's sublocations): a container's children,
   * activated and with their parent link set. Plain items have none.
   */
  sublocations(): AsyncIterable<Item> {
    return NO_CHILDREN;
  }

  /**
   * Hook called on every object of a subtree after it was added to a container (new, copied or
   * imported; not on moves). Override it to set things up; the default does nothing.
   */
  manageAfterAdd(event: ObjectEvent): void | Promise<void> {
    void event;
  }

  /**
   * Hook called on every object of a subtree before it is removed for good (not on moves).
   * Throwing (preferably a `BeforeDeleteError`) vetoes the delete: nothing is removed.
   */
  manageBeforeDelete(event: ObjectEvent): void | Promise<void> {
    void event;
  }

  /** Changes the title. */
  setTitle(title: string): void {
    this.title = title;
    this.markChanged();
  }

  /** The title, or the id when the title is empty (Zope's `title_or_id`). */
  titleOrId(): string {
    return this.title || this.id;
  }

  /** Ids from the root to this object; the root's path is `['']`. */
  getPhysicalPath(): string[] {
    const ids: string[] = [];
    let node: Item | undefined = this;
    while (node) {
      ids.unshift(node.__parent__ ? node.id : '');
      node = node.__parent__;
    }
    return ids;
  }

  /** The path as a string: `/` for the root, `/a/b` below it. */
  getPath(): string {
    return this.getPhysicalPath().join('/') || '/';
  }

  override describe(): string {
    return `${this.metaType} at ${this.getPath()}`;
  }
}

classRegistry.register('Item', Item);
