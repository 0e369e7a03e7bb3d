/**
 * `@zoa/temporary-folder`: the RAM storage of the temporary folder ({@link TemporaryStorage})
 * and the container created at `/temp_folder` ({@link TemporaryContainer}), registered as a
 * product.
 *
 * @packageDocumentation
 */
export { TemporaryStorage } from './temporary-storage';
export type { TemporaryStorageOptions, TemporaryStorageMetrics } from './temporary-storage';
export { ReferenceCounts } from './reference-counts';
export type { ReferenceChange } from './reference-counts';
export { referencesOfState } from './references-of-state';
