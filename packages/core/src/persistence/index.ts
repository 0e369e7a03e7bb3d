export { ROOT_OID } from './interfaces';
export type {
  Oid,
  Tid,
  DataRecord,
  RecordWrite,
  Snapshot,
  WriteConflict,
  Storage,
  StorageTransaction,
  StorageStats,
  ResourceManager,
} from './interfaces';
export { ConflictError } from './conflict-error';
export { Persistent, isStoredPropertyName } from './persistent';
export type { PersistentJar, PersistentStatus } from './persistent';
export { ClassRegistry, classRegistry } from './class-registry';
export type { StorableClass } from './class-registry';
export { Broken, BrokenValue } from './broken';
export { CannotStoreError, UnmarkedMutationError } from './errors';
export { encodeState, decodeState, referencesIn, RefCell } from './serializer';
export { LazyReference, LazyReferences, resolveLazy } from './serializer-lazy-reference';
export { Connection } from './connection';
export type { ConflictResolver } from './conflict-resolver';
export { Database } from './database';
export type { DatabaseOptions } from './database';
export { Transaction } from './transaction';
export type { TransactionStatus, TransactionInfo } from './transaction';
export { TransactionManager } from './transaction-manager';
export type { RunOptions } from './transaction-manager';
export { PersistentMapping } from './persistent-mapping';
export { MemoryStorage } from './memory-storage';
export type { MemoryStorageOptions } from './memory-storage';
export type { RevisionStore } from './interfaces';
export { HeapRevisionStore } from './heap-revision-store';
export { SqliteStorage } from './sqlite-storage';
export type { SqliteStorageOptions } from './sqlite-storage';
export { BTree } from './btree';
export type { BTreeOptions } from './btree';
export { BTreeNode } from './btree-node';
export type { BTreeChild } from './btree-node';
export { BTreeBucket } from './btree-bucket';
export { mergeBucketStates } from './btree-bucket-merge';
export type { BucketState } from './btree-bucket-merge';
export { compareKeys, assertKey } from './btree-compare';
export type { BTreeKey } from './btree-compare';
export type { BTreeRange } from './btree-cursor';
export { Length } from './length';
export { DatabaseSet } from './database-set';
export { PostgresStorage } from './postgres-storage';
export type { PostgresStorageOptions } from './postgres-storage-options';
export { PostgresSnapshotTooOldError } from './postgres-snapshot-too-old-error';
