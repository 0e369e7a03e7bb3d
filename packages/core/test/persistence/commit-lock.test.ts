import { CommitLock } from '../../src/persistence/commit-lock';
import { PendingCommit } from '../../src/persistence/pending-commit';

describe('CommitLock', () => {
  it('grants a free lock without a promise and makes the next begin wait', async () => {
    const lock = new CommitLock();
    const first = {};
    const second = {};
    expect(lock.begin(first)).toBeInstanceOf(PendingCommit);
    expect(lock.holds(first)).toBe(true);
    const waiting = lock.begin(second);
    expect(waiting).toBeInstanceOf(Promise);
    expect(lock.holds(second)).toBe(false);
    expect(lock.end(first)).toBe(true);
    expect(await waiting).toBeInstanceOf(PendingCommit);
    expect(lock.holds(second)).toBe(true);
    lock.end(second);
    expect(lock.busy).toBe(false);
  });

  it('throws when one transaction begins twice', () => {
    const lock = new CommitLock();
    const txn = {};
    lock.begin(txn);
    expect(() => lock.begin(txn)).toThrow('tpcBegin called twice');
  });

  it('makes begin wait for an exclusive section', async () => {
    const lock = new CommitLock();
    let release: () => void = () => undefined;
    const section = lock.exclusive(() => new Promise<void>((resolve) => (release = resolve)));
    const txn = {};
    const waiting = lock.begin(txn);
    expect(waiting).toBeInstanceOf(Promise);
    await new Promise<void>((resolve) => setImmediate(resolve)); // the section starts
    expect(lock.holds(txn)).toBe(false);
    release();
    await section;
    await waiting;
    expect(lock.holds(txn)).toBe(true);
  });
});
