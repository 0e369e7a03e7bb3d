import { MemoryStorage, ROOT_OID } from '@zoa/core/persistence';
import type { DataRecord, Oid, RecordWrite, Tid } from '@zoa/core/persistence';
import { describeStorageContract } from '@zoa/core/testing';

describeStorageContract('MemoryStorage', async () => ({ storage: new MemoryStorage() }));

/** A subclass like TemporaryStorage: records the hooks and exposes the protected API. */
class ObservedStorage extends MemoryStorage {
  readonly finished: Array<{ tid: Tid; records: readonly DataRecord[] }> = [];
  readonly removed: Oid[] = [];

  protected override afterFinish(tid: Tid, records: readonly DataRecord[]): void {
    this.finished.push({ tid, records });
  }

  protected override afterRemove(oids: readonly Oid[]): void {
    this.removed.push(...oids);
  }

  remove(oids: Oid[]): Promise<number> {
    return this.removeObjects(oids);
  }

  revisionCount(oid: Oid): number {
    return this.revisions.revisionsOf(oid).length;
  }
}

function write(oid: Oid, baseSerial: Tid, state: unknown): RecordWrite {
  return { oid, baseSerial, className: 'Thing', state: JSON.stringify(state) };
}

async function commit(storage: MemoryStorage, writes: RecordWrite[]): Promise<Tid> {
  const txn = {};
  await storage.tpcBegin(txn);
  for (const w of writes) storage.store(txn, w);
  await storage.tpcVote(txn);
  return storage.tpcFinish(txn);
}

describe('MemoryStorage', () => {
  it('prunes the revisions no snapshot needs when the oldest snapshot closes', async () => {
    const storage = new ObservedStorage();
    let serial = await commit(storage, [write(1, 0, 1)]);
    const snapshot = await storage.openSnapshot(null);
    serial = await commit(storage, [write(1, serial, 2)]);
    await commit(storage, [write(1, serial, 3)]);
    expect(storage.revisionCount(1)).toBe(3);
    expect((await storage.stats()).records).toBe(3);
    storage.closeSnapshot(snapshot.tid);
    expect(storage.revisionCount(1)).toBe(1);
    expect(await storage.stats()).toMatchObject({ objects: 1, records: 1 });
  });

  it('keeps a single revision per object when no snapshot is open', async () => {
    const storage = new ObservedStorage();
    let serial = 0;
    for (let i = 0; i < 10; i += 1) serial = await commit(storage, [write(1, serial, i)]);
    expect(storage.revisionCount(1)).toBe(1);
  });

  it('calls afterFinish with the written records when a transaction finishes', async () => {
    const storage = new ObservedStorage();
    const tid = await commit(storage, [write(ROOT_OID, 0, 'r'), write(7, 0, 'seven')]);
    expect(storage.finished).toEqual([
      {
        tid,
        records: [
          { oid: ROOT_OID, serial: tid, className: 'Thing', state: '"r"' },
          { oid: 7, serial: tid, className: 'Thing', state: '"seven"' },
        ],
      },
    ]);
  });

  it('hands out oids above explicitly stored ones when newOid follows such a commit', async () => {
    const storage = new MemoryStorage();
    await commit(storage, [write(41, 0, {})]);
    expect(await storage.newOid()).toBe(42);
  });

  it('removes objects at once when removeObjects is called with no snapshot open', async () => {
    const storage = new ObservedStorage();
    await commit(storage, [write(1, 0, 1), write(2, 0, 2)]);
    expect(await storage.remove([1, 99])).toBe(1);
    expect(await storage.load(1)).toBeUndefined();
    expect(storage.removed).toEqual([1]);
    expect((await storage.stats()).objects).toBe(1);
  });

  it('defers removeObjects until the snapshots open at the call have closed', async () => {
    const storage = new ObservedStorage();
    const tid = await commit(storage, [write(1, 0, 1)]);
    const snapshot = await storage.openSnapshot(null);
    await storage.remove([1]);
    expect(await storage.load(1, snapshot.tid)).toMatchObject({ serial: tid });
    expect(storage.removed).toEqual([]);
    storage.closeSnapshot(snapshot.tid);
    expect(await storage.load(1)).toBeUndefined();
    expect(storage.removed).toEqual([1]);
  });

  it('reports null changes when since is older than the change log', async () => {
    const storage = new MemoryStorage({ changeLogSize: 2 });
    let serial = 0;
    for (let i = 0; i < 6; i += 1) serial = await commit(storage, [write(i + 1, 0, i)]);
    expect((await storage.openSnapshot(0)).changed).toBeNull();
    expect((await storage.openSnapshot(serial - 1)).changed).toEqual([6]);
  });

  it('throws at once when changeLogSize is not a positive integer', () => {
    expect(() => new MemoryStorage({ changeLogSize: 0 })).toThrow(TypeError);
  });

  it('throws when tpcFinish is called before a successful vote', async () => {
    const storage = new MemoryStorage();
    const txn = {};
    await storage.tpcBegin(txn);
    storage.store(txn, write(1, 0, 1));
    await expect(storage.tpcFinish(txn)).rejects.toThrow(/before a successful tpcVote/);
    await storage.tpcAbort(txn);
  });
});
