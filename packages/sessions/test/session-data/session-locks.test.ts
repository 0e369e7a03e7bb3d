import { SessionLocks } from '@zoa/sessions';

describe('SessionLocks', () => {
  it('hands a key to one holder at a time, in order of arrival', async () => {
    const locks = new SessionLocks();
    const order: string[] = [];
    const first = await locks.acquire('a', 1000);
    const second = locks.acquire('a', 1000).then((release) => {
      order.push('second');
      return release;
    });
    const third = locks.acquire('a', 1000).then((release) => {
      order.push('third');
      return release;
    });
    const other = await locks.acquire('b', 1000); // another key is free
    expect(other).toBeDefined();
    await Promise.resolve();
    expect(order).toEqual([]);
    first?.();
    (await second)?.();
    (await third)?.();
    expect(order).toEqual(['second', 'third']);
    other?.();
    expect(locks.size).toBe(0);
  });

  it('lets a waiter go on without the lock after its timeout', async () => {
    jest.useFakeTimers();
    try {
      const locks = new SessionLocks();
      const held = await locks.acquire('a', 1000);
      const waiting = locks.acquire('a', 50);
      jest.advanceTimersByTime(50);
      expect(await waiting).toBeUndefined();
      held?.();
      held?.(); // releasing twice does nothing
      expect(locks.size).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
