import { MemoryStorage } from '@zoa/core';
import { startHousekeepingTimer, TransientObjectContainer } from '@zoa/sessions';
import type { Housekeepable } from '@zoa/sessions';
import { containerDatabase } from './fixtures/container-database';
import { FakeClock, RecordingLogger } from './fixtures/fake-clock';

/** Fake timers, except setImmediate: the sweep yields to the event loop between batches. */
function useFakeTimers(): void {
  jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
}

/** Lets pending batches (each after a real setImmediate) run. */
async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(() => {
  jest.useRealTimers();
});

describe('startHousekeepingTimer', () => {
  it('sweeps in bounded batches until nothing is left, every interval (R-07)', async () => {
    useFakeTimers();
    let left = 25;
    const batches: number[] = [];
    const target: Housekeepable = {
      housekeep: async ({ maxItems = Infinity }) => {
        const done = Math.min(left, maxItems);
        left -= done;
        batches.push(done);
        return done;
      },
    };
    const stop = startHousekeepingTimer(1000, (batch) => batch(target), { batchSize: 10 });
    await jest.advanceTimersByTimeAsync(999);
    expect(batches).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    await settle();
    expect(batches).toEqual([10, 10, 5]);
    await jest.advanceTimersByTimeAsync(1000);
    await settle();
    expect(batches).toEqual([10, 10, 5, 0]);
    stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(batches).toHaveLength(4);
  });

  it('does not keep the process alive (the timer is unref’d)', () => {
    const spy = jest.spyOn(global, 'setInterval');
    const stop = startHousekeepingTimer(60_000, async () => 0);
    const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    stop();
    spy.mockRestore();
  });

  it('reports a failed sweep and keeps going', async () => {
    useFakeTimers();
    const errors: unknown[] = [];
    let calls = 0;
    const stop = startHousekeepingTimer(
      100,
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('conflict');
        return 0;
      },
      { onError: (error) => errors.push(error) },
    );
    await jest.advanceTimersByTimeAsync(200);
    expect(errors).toEqual([new Error('conflict')]);
    expect(calls).toBe(2);
    stop();
  });

  it('refuses a bad interval or batch size', () => {
    expect(() => startHousekeepingTimer(0, async () => 0)).toThrow(RangeError);
    expect(() => startHousekeepingTimer(10, async () => 0, { batchSize: 0 })).toThrow(RangeError);
  });
});

describe('TransientObjectContainer.startHousekeepingTimer', () => {
  it('finalizes expired items without traffic and fires delete notifications', async () => {
    useFakeTimers();
    const clock = new FakeClock();
    const deleted: unknown[] = [];
    const toc = new TransientObjectContainer('toc', {
      timeoutMinutes: 1,
      clock: clock.now,
      delNotification: (item) => deleted.push(item),
    });
    for (let i = 0; i < 5; i += 1) await toc.set(`k${i}`, i);
    clock.advance(80);
    const stop = toc.startHousekeepingTimer(1000, { batchSize: 2 });
    await jest.advanceTimersByTimeAsync(1000);
    await settle();
    expect(deleted).toEqual([0, 1, 2, 3, 4]);
    expect(await toc.length).toBe(0);
    stop();
  });

  it('sweeps a stored container in a transaction per batch, logging failures', async () => {
    const { run, clock } = await containerDatabase(new MemoryStorage(), { timeoutMinutes: 1 });
    await run(async (toc) => {
      for (let i = 0; i < 30; i += 1) await toc.set(`k${i}`, i);
    });
    clock.advance(80);
    const logger = new RecordingLogger();
    let transactions = 0;
    useFakeTimers();
    const stop = await run(async (toc) => {
      toc.setLogger(logger);
      return toc.startHousekeepingTimer(500, {
        batchSize: 8,
        runBatch: (batch) =>
          run(async (stored) => {
            transactions += 1;
            return batch(stored);
          }),
      });
    });
    await jest.advanceTimersByTimeAsync(500);
    await settle(200);
    stop();
    expect(transactions).toBe(4); // 8 + 8 + 8 + 6
    await run(async (toc) => expect(await toc.length).toBe(0));
    expect(logger.messages).toEqual([]);
  });
});
