import { Persistent } from '../persistence/persistent';

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
