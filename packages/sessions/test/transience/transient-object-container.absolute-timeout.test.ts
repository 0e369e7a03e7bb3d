import { MemoryStorage } from '@zoa/core';
import {
  MaxTransientObjectsExceeded,
  TransientObject,
  TransientObjectContainer,
} from '@zoa/sessions';
import type { TransientObjectContainerOptions } from '@zoa/sessions';
import { containerDatabase } from './fixtures/container-database';
import { FakeClock, RecordingLogger } from './fixtures/fake-clock';

// Timeout 1 minute (period 20 s) unless said otherwise; absolute timeout 5 minutes = 300 s.
function setup(options: TransientObjectContainerOptions = {}) {
  const clock = new FakeClock();
  const deleted: unknown[] = [];
  const toc = new TransientObjectContainer('session_data', {
    clock: clock.now,
    logger: new RecordingLogger(),
    timeoutMinutes: 1,
    absoluteTimeoutMinutes: 5,
    delNotification: (item) => deleted.push(item),
    ...options,
  });
  return { clock, toc, deleted };
}

/** Touches `key` every 30 s (well inside the idle timeout) from `from` to `to` seconds. */
async function keepTouching(
  toc: TransientObjectContainer,
  clock: FakeClock,
  key: string,
  from: number,
  to: number,
): Promise<void> {
  for (let t = from; t <= to; t += 30) {
    clock.at(t);
    expect(await toc.has(key)).toBe(true);
  }
}

describe('TransientObjectContainer absolute timeout (S-15)', () => {
  describe('settings', () => {
    it('is off (0) by default and when made with 0', () => {
      expect(new TransientObjectContainer('toc').getAbsoluteTimeoutMinutes()).toBe(0);
      const { toc } = setup({ absoluteTimeoutMinutes: 0 });
      expect(toc.getAbsoluteTimeoutMinutes()).toBe(0);
    });

    it('S-15: refuses a non-integer or negative absolute timeout with a message naming it', () => {
      const make = (absoluteTimeoutMinutes: unknown) => () =>
        new TransientObjectContainer('toc', {
          absoluteTimeoutMinutes: absoluteTimeoutMinutes as number,
        });
      expect(make(1.5)).toThrow(
        new TypeError('absoluteTimeoutMinutes must be an integer, not 1.5'),
      );
      expect(make('60')).toThrow(TypeError);
      expect(make(Number.NaN)).toThrow(TypeError);
      expect(make(-1)).toThrow(new RangeError('absoluteTimeoutMinutes cannot be negative (-1)'));
      const { toc } = setup();
      expect(() => toc.setAbsoluteTimeoutMinutes(-5)).toThrow(/absoluteTimeoutMinutes/);
      expect(() => toc.setAbsoluteTimeoutMinutes(2.5)).toThrow(/absoluteTimeoutMinutes/);
      expect(toc.getAbsoluteTimeoutMinutes()).toBe(5);
    });

    it('S-15: drops every item when the absolute timeout is turned on, keeps them otherwise', async () => {
      const { toc } = setup({ absoluteTimeoutMinutes: 0 });
      await toc.set('a', 1);
      toc.setAbsoluteTimeoutMinutes(10);
      expect(toc.getAbsoluteTimeoutMinutes()).toBe(10);
      expect(await toc.length).toBe(0); // turned on: the container was reset
      await toc.set('b', 2);
      toc.setAbsoluteTimeoutMinutes(30);
      expect(await toc.get('b')).toBe(2); // between two values: kept
      toc.setAbsoluteTimeoutMinutes(0);
      expect(await toc.get('b')).toBe(2); // turned off: kept
    });
  });

  describe('expiry', () => {
    it('S-15: ends an item at created + absolute timeout although it is touched all along', async () => {
      const { toc, clock } = setup();
      clock.at(0);
      const session = await toc.new('a');
      await keepTouching(toc, clock, 'a', 30, 270);
      clock.at(299.999);
      expect(await toc.get('a')).toBe(session);
      clock.at(300);
      expect(await toc.get('a')).toBeNull();
      expect(await toc.has('a')).toBe(false);
      await expect(toc.getItem('a')).rejects.toThrow('No live item');
    });

    it('S-15: never extends the deadline by writes or a replaced value', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 0 });
      clock.at(10);
      await toc.set('a', 1);
      clock.at(200);
      await toc.set('a', 2); // a new value under a live key keeps the key's creation time
      clock.at(309.999);
      expect(await toc.get('a')).toBe(2);
      clock.at(310);
      expect(await toc.get('a', 'gone')).toBe('gone');
    });

    it("S-15: counts from a TransientObject's own creation time", async () => {
      const { toc, clock } = setup({ timeoutMinutes: 0 });
      clock.at(0);
      const early = new TransientObject('a', { clock: clock.now });
      clock.at(100);
      await toc.set('a', early);
      clock.at(299.999);
      expect(await toc.has('a')).toBe(true);
      clock.at(300);
      expect(await toc.has('a')).toBe(false);
    });

    it('S-15: gives newOrExisting a new object, and fires the delete notification for the old one', async () => {
      const { toc, clock, deleted } = setup();
      clock.at(0);
      const first = await toc.newOrExisting('a');
      await keepTouching(toc, clock, 'a', 30, 270);
      clock.at(300);
      const second = await toc.newOrExisting('a');
      expect(second).not.toBe(first);
      expect(second.getCreated()).toBe(clock.ms);
      expect(deleted).toEqual([first]);
      expect(await toc.length).toBe(1);
    });

    it('S-15: lets new() reuse the key once the absolute timeout is reached', async () => {
      const { toc, clock } = setup();
      clock.at(0);
      await toc.new('a');
      clock.at(60);
      await expect(toc.new('a')).rejects.toThrow('cannot duplicate key');
      await keepTouching(toc, clock, 'a', 90, 270);
      clock.at(300);
      await expect(toc.new('a')).resolves.toBeInstanceOf(TransientObject);
    });

    it('S-15: leaves items out of keys, values and items once their absolute timeout is reached', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 0 });
      clock.at(0);
      await toc.set('old', 1);
      clock.at(200);
      await toc.set('young', 2);
      clock.at(300);
      expect(await toc.keys()).toEqual(['young']);
      expect(await toc.values()).toEqual([2]);
      expect(await toc.items()).toEqual([['young', 2]]);
    });

    it('S-15: expires items by creation time when the idle timeout is 0', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 0 });
      clock.at(0);
      await toc.set('a', 1);
      clock.at(299.999);
      expect(await toc.get('a')).toBe(1);
      clock.at(300);
      expect(await toc.get('a')).toBeNull();
    });

    it('keeps the idle timeout when it ends an item before the absolute timeout', async () => {
      const { toc, clock } = setup();
      clock.at(0);
      await toc.set('a', 1);
      clock.at(80); // idle: slice 0 + T + P
      expect(await toc.has('a')).toBe(false);
    });
  });

  describe('housekeeping', () => {
    it('S-15: finalizes items at their absolute timeout with housekeep() and notifies', async () => {
      const { toc, clock, deleted } = setup({ timeoutMinutes: 0 });
      clock.at(0);
      const a = await toc.new('a');
      await toc.set('b', 'value');
      clock.at(100);
      await toc.set('c', 3);
      clock.at(300);
      expect(await toc.length).toBe(3);
      expect(await toc.housekeep()).toBe(2);
      expect(deleted).toEqual([a, 'value']);
      expect(await toc.length).toBe(1);
      clock.at(400);
      expect(await toc.housekeep()).toBe(1);
      expect(await toc.length).toBe(0);
    });

    it('S-15: finalizes touched items at their absolute timeout in-band, in bounded batches', async () => {
      const { toc, clock, deleted } = setup();
      clock.at(0);
      for (let i = 0; i < 20; i += 1) await toc.set(`k${String(i).padStart(2, '0')}`, i);
      for (let t = 30; t <= 270; t += 30) {
        clock.at(t);
        for (const key of await toc.keys()) await toc.has(key);
      }
      clock.at(300);
      await toc.has('other');
      expect(deleted).toHaveLength(16);
      await toc.has('other');
      expect(deleted).toHaveLength(20);
      expect(await toc.length).toBe(0);
    });

    it('S-15: finalizes at most maxItems when housekeep is given a bound', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 0 });
      clock.at(0);
      for (const key of ['a', 'b', 'c']) await toc.set(key, key);
      clock.at(300);
      expect(await toc.housekeep({ maxItems: 2 })).toBe(2);
      expect(await toc.housekeep()).toBe(1);
    });

    it('S-15: frees room under the limit, and says in Retry-After when the oldest item ends', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 0, limit: 1 });
      clock.at(0);
      await toc.set('a', 1);
      clock.at(100);
      const full = await toc.set('b', 2).catch((error: unknown) => error);
      expect(full).toBeInstanceOf(MaxTransientObjectsExceeded);
      expect((full as MaxTransientObjectsExceeded).headers).toEqual({ 'Retry-After': '200' });
      clock.at(300);
      await toc.set('b', 2);
      expect(await toc.keys()).toEqual(['b']);
    });
  });

  describe('stored in a database', () => {
    it('S-15: keeps creation times across transactions and ends the item on time', async () => {
      const clock = new FakeClock();
      const stored = await containerDatabase(
        new MemoryStorage(),
        { timeoutMinutes: 1, absoluteTimeoutMinutes: 5 },
        clock,
      );
      clock.at(0);
      await stored.run(async (toc) => void (await toc.newOrExisting('bid')).set('n', 1));
      for (let t = 30; t <= 270; t += 30) {
        clock.at(t);
        expect(await stored.run((toc) => toc.has('bid'))).toBe(true);
      }
      clock.at(300);
      expect(await stored.run((toc) => toc.get('bid'))).toBeNull();
      expect(await stored.run((toc) => toc.length)).toBe(0);
    });
  });
});
