/**
 * Test helpers of `@zoa/temporary-folder` (import from `@zoa/temporary-folder/testing`).
 *
 * @packageDocumentation
 */
export { openTemporaryDatabase } from './open-temporary-database';
export type { OpenTemporaryDatabaseOptions } from './open-temporary-database';
