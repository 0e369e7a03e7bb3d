import type { Database } from './database';

/**
 * The databases of one site by name (a multi-database), plus the ones that failed to open, so a
 * mount point of a failed database can say why instead of failing the whole site.
 *
 * @example
 * ```ts
 * const databases = new DatabaseSet();
 * const main = await Database.open(storage, { name: 'main', databases });
 * databases.failures.set('temporary', new Error('cannot open'));
 * ```
 */
export class DatabaseSet extends Map<string, Database> {
  /** Configured databases that failed to open, with the error. */
  readonly failures = new Map<string, unknown>();

  /** Why the database `name` is not available: its opening error, or that it is not configured. */
  whyMissing(name: string): string {
    const failure = this.failures.get(name);
    if (failure === undefined) return `No database named "${name}" is configured`;
    const message = failure instanceof Error ? failure.message : String(failure);
    return `Database "${name}" failed to open: ${message}`;
  }
}
