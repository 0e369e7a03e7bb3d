import { AsyncMutex } from '../../src/persistence/async-mutex';

describe('AsyncMutex', () => {
  it('grants the lock in call order when several callers wait', async () => {
    const mutex = new AsyncMutex();
    const order: number[] = [];
    const first = await mutex.lock();
    const waiting = [1, 2, 3].map((n) =>
      mutex.lock().then((release) => {
        order.push(n);
        release();
      }),
    );
    expect(mutex.isLocked).toBe(true);
    first();
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
    expect(mutex.isLocked).toBe(false);
  });

  it('ignores a second call of the same release function', async () => {
    const mutex = new AsyncMutex();
    const release = await mutex.lock();
    const second = mutex.lock();
    release();
    release();
    const releaseSecond = await second;
    let thirdGranted = false;
    const third = mutex.lock().then(() => (thirdGranted = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(thirdGranted).toBe(false);
    releaseSecond();
    await third;
  });

  it('releases the lock when runExclusive rejects', async () => {
    const mutex = new AsyncMutex();
    await expect(mutex.runExclusive(() => Promise.reject(new Error('boom')))).rejects.toThrow();
    expect(mutex.isLocked).toBe(false);
    expect(await mutex.runExclusive(() => 42)).toBe(42);
  });

  it('takes a free lock at once with tryLock, and refuses a held one', async () => {
    const mutex = new AsyncMutex();
    const release = mutex.tryLock();
    expect(release).toBeDefined();
    expect(mutex.isLocked).toBe(true);
    expect(mutex.tryLock()).toBeUndefined();
    const next = mutex.lock();
    release?.();
    (await next)();
    expect(mutex.isLocked).toBe(false);
  });
});
