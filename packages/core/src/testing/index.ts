/**
 * Test helpers and contract suites for `@zoa/core` extension points.
 *
 * @packageDocumentation
 */
export { createTestApp } from './publisher-test-app';
export type { TestApp, TestAppOptions, CapturedLogEntry } from './publisher-test-app';
