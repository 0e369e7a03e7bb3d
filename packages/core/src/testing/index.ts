/**
 * Test helpers and contract suites for `@zoa/core` extension points.
 *
 * @packageDocumentation
 */
export { describeStorageContract } from './storage-contract';
export type { StorageContractFixture } from './storage-contract';
export { createTestApp } from './publisher-test-app';
export type { TestApp, TestAppOptions, CapturedLogEntry } from './publisher-test-app';
export { CountingStorage } from './counting-storage';
export { seededRandom } from './seeded-random';
export { describeRevisionStoreContract } from './revision-store-contract';
