import Database from 'better-sqlite3';

/** How long a write waits for another process's lock, in ms (better-sqlite3's `timeout`). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Opens a better-sqlite3 connection in WAL mode with the given `synchronous` level.
 *
 * better-sqlite3 loads its addon through `bindings` on first use, which leaves an own
 * `Error.prepareStackTrace = undefined` behind when there was none; that is undone here, so
 * opening a database does not change globals.
 *
 * @example
 * ```ts
 * const db = openSqliteDatabase('var/Data.sqlite', 'normal');
 * ```
 */
export function openSqliteDatabase(
  path: string,
  synchronous: 'normal' | 'full',
): Database.Database {
  const hadOwnPrepareStackTrace = Object.hasOwn(Error, 'prepareStackTrace');
  const db = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  if (
    !hadOwnPrepareStackTrace &&
    Object.hasOwn(Error, 'prepareStackTrace') &&
    Error.prepareStackTrace === undefined
  ) {
    Reflect.deleteProperty(Error, 'prepareStackTrace');
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
