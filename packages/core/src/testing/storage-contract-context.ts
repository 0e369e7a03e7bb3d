/// <reference types="jest" />
import type { DataRecord, Oid, RecordWrite, Storage, Tid } from '../persistence/interfaces';

/** What a storage contract fixture hands to {@link describeStorageContract}. */
export interface StorageContractFixture {
  /** A fresh, empty storage. */
  storage: Storage;
  /**
   * Opens the same data again, after the suite closed `storage` (persistent storages only; the
   * durability tests pass trivially without it).
   */
  reopen?: () => Promise<Storage>;
  /** Removes what the fixture created (files, schemas); called after the storage is closed. */
  cleanup?: () => Promise<void>;
}

/** The state shared by the tests of one contract run: the fixture and the storage in use. */
export interface ContractContext {
  fixture: StorageContractFixture;
  /** The storage under test (replaced by a reopened one in durability tests). */
  storage: Storage;
}

/** A write of `state` (JSON-encoded) for `oid`, based on `baseSerial`. */
export function write(oid: Oid, baseSerial: Tid, state: unknown, className = 'Thing'): RecordWrite {
  return { oid, baseSerial, className, state: JSON.stringify(state) };
}

/** Runs one whole two-phase commit of `writes` and returns its tid. */
export async function commit(storage: Storage, writes: readonly RecordWrite[]): Promise<Tid> {
  const txn = {};
  await storage.tpcBegin(txn);
  try {
    for (const w of writes) storage.store(txn, w);
    await storage.tpcVote(txn);
  } catch (error) {
    await storage.tpcAbort(txn);
    throw error;
  }
  return storage.tpcFinish(txn);
}

/** The decoded state of a loaded record (undefined when there is no record). */
export function stateOf(record: DataRecord | undefined): unknown {
  return record === undefined ? undefined : JSON.parse(record.state);
}

/** The `refs` array of a state like `{"refs":[1,2]}`: the reference format of the pack tests. */
export function refsOf(record: DataRecord): Oid[] {
  const state: unknown = JSON.parse(record.state);
  if (typeof state !== 'object' || state === null || !('refs' in state)) return [];
  const refs: unknown = state.refs;
  return Array.isArray(refs) ? refs.filter((ref): ref is Oid => typeof ref === 'number') : [];
}

/** Lets pending promise callbacks and I/O callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Allocates `count` oids. */
export async function newOids(storage: Storage, count: number): Promise<Oid[]> {
  const oids: Oid[] = [];
  for (let i = 0; i < count; i += 1) oids.push(await storage.newOid());
  return oids;
}
