import { Item } from './item';

/**
 * Stands in for a mounted database that cannot be opened (not configured, or its storage failed).
 * It is never stored; it shows the error so an administrator can fix the configuration, while
 * the rest of the site keeps working.
 */
export class BrokenMountPoint extends Item {
  static override readonly metaType: string = 'Broken Mount Point';
  static override readonly icon: string = 'broken.svg';

  /** The database the mount point names. */
  readonly databaseName: string;
  /** Why the database could not be mounted. */
  readonly error: string;

  constructor(id: string, databaseName: string, error: unknown) {
    super(id, `Broken mount point: ${databaseName}`);
    this.databaseName = databaseName;
    this.error = error instanceof Error ? error.message : String(error);
  }
}
