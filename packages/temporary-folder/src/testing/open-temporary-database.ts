import { Database, type DatabaseOptions } from '@zoa/core';
import { TemporaryContainer } from '../temporary-container';
import { TemporaryStorage, type TemporaryStorageOptions } from '../temporary-storage';

/** Options of {@link openTemporaryDatabase}. */
export interface OpenTemporaryDatabaseOptions extends Omit<DatabaseOptions, 'rootFactory'> {
  /** Options of the storage. */
  storage?: TemporaryStorageOptions;
  /** The id of the root container (default `temp_folder`). */
  containerId?: string;
}

/**
 * A fresh temporary database whose root is a {@link TemporaryContainer}, as the site mounts at
 * `/temp_folder` — for tests of code that keeps data there (sessions).
 *
 * @example
 * ```ts
 * const db = await openTemporaryDatabase();
 * await new TransactionManager().run(async (txn) => {
 *   const tempFolder = await (await txn.open(db)).root<TemporaryContainer>();
 *   await tempFolder.setObject('session_data', new Folder('session_data'));
 * });
 * ```
 */
export async function openTemporaryDatabase(
  options: OpenTemporaryDatabaseOptions = {},
): Promise<Database> {
  const { storage, containerId = 'temp_folder', ...databaseOptions } = options;
  return Database.open(new TemporaryStorage(storage), {
    name: 'temporary',
    ...databaseOptions,
    rootFactory: () => new TemporaryContainer(containerId),
  });
}
