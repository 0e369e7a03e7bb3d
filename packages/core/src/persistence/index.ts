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
