/**
 * Test helpers and contract suites for `@zoa/core` extension points.
 *
 * @packageDocumentation
 */
export {};
