import { MemoryStorage, ROOT_OID } from '@zoa/core/persistence';
import { SETTLED, SettledPromise } from '../../src/persistence/settled-promise';

describe('SettledPromise', () => {
  it('is a fulfilled promise whose value can be read at once', async () => {
    const seven = SettledPromise.of(7);
    expect(seven).toBeInstanceOf(Promise);
    expect(seven.value).toBe(7);
    expect(await seven).toBe(7);
    expect(SETTLED.value).toBeUndefined();
  });

  it('makes plain promises with then', async () => {
    const next = SettledPromise.of(7).then((n) => n + 1);
    expect(next).not.toBeInstanceOf(SettledPromise);
    expect(await next).toBe(8);
  });

  it('is what MemoryStorage answers when a step succeeds, not when it fails', async () => {
    const storage = new MemoryStorage();
    const txn = {};
    expect(storage.tpcBegin(txn)).toBeInstanceOf(SettledPromise);
    storage.store(txn, { oid: ROOT_OID, baseSerial: 0, className: 'Root', state: '{}' });
    expect(storage.tpcVote(txn)).toBeInstanceOf(SettledPromise);
    const tid = storage.tpcFinish(txn);
    expect((tid as SettledPromise<number>).value).toBe(1);
    const stale = {};
    await storage.tpcBegin(stale);
    storage.store(stale, { oid: ROOT_OID, baseSerial: 0, className: 'Root', state: '{}' });
    const vote = storage.tpcVote(stale);
    expect(vote).not.toBeInstanceOf(SettledPromise);
    await expect(vote).rejects.toThrow();
    await storage.tpcAbort(stale);
  });
});
