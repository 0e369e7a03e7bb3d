import { classRegistry, Connection, Folder } from '@zoa/core';
import { TemporaryStorage, type TemporaryStorageMetrics } from './temporary-storage';

const ICON =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">' +
      '<path d="M1 3h5l1 2h8v9H1z" fill="#e8d9a8" stroke="#8a7a3c"/>' +
      '<circle cx="10.5" cy="9.5" r="3" fill="#fff" stroke="#555"/>' +
      '<path d="M10.5 8v1.5h1.3" fill="none" stroke="#555"/></svg>',
  );

/**
 * The folder at `/temp_folder` (Zope's `TemporaryContainer`, meta type "Temporary Folder"): an
 * ordinary ordered folder that is the root of the temporary database. The site creates it there
 * when that database is empty — on every start, since a {@link TemporaryStorage} begins empty —
 * so `/temp_folder` always exists and is always fresh. Its contents (sessions, caches) do not
 * survive a restart.
 *
 * @example
 * ```ts
 * const temporary = await Database.open(new TemporaryStorage(), {
 *   name: 'temporary',
 *   rootFactory: () => new TemporaryContainer('temp_folder'),
 * });
 * ```
 */
export class TemporaryContainer extends Folder {
  static override readonly metaType: string = 'Temporary Folder';
  static override readonly icon: string = ICON;

  /** Makes a temporary folder; the site names it after the last segment of the mount path. */
  constructor(id = 'temp_folder', title = '') {
    super(id, title);
  }

  /**
   * What the storage behind this folder holds (records, bytes, pending garbage), for the ZMI;
   * undefined when the folder is not stored in a {@link TemporaryStorage}.
   *
   * @example
   * ```ts
   * const tempFolder = (await root.publishTraverse('temp_folder')) as TemporaryContainer;
   * tempFolder.storageMetrics()?.objects; // e.g. 1203
   * ```
   */
  storageMetrics(): TemporaryStorageMetrics | undefined {
    const jar = this._p_jar;
    if (!(jar instanceof Connection)) return undefined;
    const storage = jar.db.storage;
    return storage instanceof TemporaryStorage ? storage.metrics() : undefined;
  }
}

classRegistry.register('TemporaryContainer', TemporaryContainer);
