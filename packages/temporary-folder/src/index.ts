/**
 * `@zoa/temporary-folder`: the RAM storage of the temporary folder ({@link TemporaryStorage}),
 * the container created at `/temp_folder` ({@link TemporaryContainer}), and the {@link product}
 * that registers both with a site.
 *
 * @packageDocumentation
 */
export { TemporaryStorage } from './temporary-storage';
export { ArenaRevisionStore } from './arena-revision-store';
export type { TemporaryStorageOptions, TemporaryStorageMetrics } from './temporary-storage';
export { TemporaryContainer } from './temporary-container';
export { createTemporaryStorage } from './create-temporary-storage';
export { product } from './product';
export { ReferenceCounts } from './reference-counts';
export type { ReferenceChange } from './reference-counts';
export { referencesOfState } from './references-of-state';
