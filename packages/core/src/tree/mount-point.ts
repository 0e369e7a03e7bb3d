import { classRegistry } from '../persistence/class-registry';
import type { Connection } from '../persistence/connection';
import { BrokenMountPoint } from './broken-mount-point';
import { Item } from './item';

/**
 * Where another database appears in the tree (Zope's "ZODB Mount Point"). Stored in the parent
 * database at the mount path; traversing it yields the mounted database's root container, opened
 * in the same transaction, so one unit of work commits across both databases. When the database
 * is not configured or failed to open, it yields a {@link BrokenMountPoint} that reports why —
 * the rest of the site keeps working.
 *
 * @example
 * ```ts
 * root.setObject('temp_folder', new MountPoint('temp_folder', 'temporary'));
 * ```
 */
export class MountPoint extends Item {
  static override readonly metaType: string = 'Mount Point';
  static override readonly icon: string = 'mount-point.svg';

  /** The id of the mounted database in the site configuration. */
  databaseName: string;

  constructor(id: string, databaseName: string, title = '') {
    super(id, title);
    this.databaseName = databaseName;
  }

  /**
   * The mounted database's root container, with its parent link set to `parent`, or a
   * {@link BrokenMountPoint} describing why it cannot be opened. Called by `Folder` during
   * traversal and lookups.
   */
  async resolveMount(parent: Item): Promise<Item> {
    try {
      // a mount point added in this transaction has no connection of its own yet: use its parent's
      const jar = (this._p_jar ?? parent._p_jar) as Connection | undefined;
      if (!jar) throw new Error('the mount point is not stored in a database');
      const conn = await jar.getConnection(this.databaseName);
      const root = await conn.root();
      if (!(root instanceof Item)) {
        throw new Error(`the root of database "${this.databaseName}" is not a container`);
      }
      root.__parent__ = parent;
      return root;
    } catch (error) {
      const broken = new BrokenMountPoint(this.id, this.databaseName, error);
      broken.__parent__ = parent;
      return broken;
    }
  }
}

classRegistry.register('MountPoint', MountPoint);
