/**
 * `@zoa/core`: the object database, the object tree with mount points, products, the Koa
 * publisher, the ZMI and the `zoa` CLI. Each layer is also importable alone through its
 * subpath (`@zoa/core/persistence`, `@zoa/core/tree`, ...).
 *
 * @packageDocumentation
 */
export * from './errors';
export * from './persistence';
export * from './publisher';
export * from './tree';
export * from './products';
export * from './security';
export * from './views';
export * from './zmi';
export * from './config';
export * from './cli';
