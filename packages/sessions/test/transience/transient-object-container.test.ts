import {
  KeyError,
  MaxTransientObjectsExceeded,
  TransientObject,
  TransientObjectContainer,
} from '@zoa/sessions';
import type { TransientObjectContainerOptions } from '@zoa/sessions';
import { FakeClock, RecordingLogger } from './fixtures/fake-clock';

function setup(options: TransientObjectContainerOptions = {}) {
  const clock = new FakeClock();
  const logger = new RecordingLogger();
  const toc = new TransientObjectContainer('session_data', {
    clock: clock.now,
    logger,
    ...options,
  });
  return { clock, logger, toc };
}

describe('TransientObjectContainer', () => {
  describe('settings', () => {
    it("has Zope's defaults when made without options", () => {
      const toc = new TransientObjectContainer('toc');
      expect(toc.getId()).toBe('toc');
      expect(toc.metaType).toBe('Transient Object Container');
      expect(toc.getTimeoutMinutes()).toBe(20);
      expect(toc.getPeriodSeconds()).toBe(20);
      expect(toc.getSubobjectLimit()).toBe(0);
      expect(toc.getAddNotificationTarget()).toBe('');
      expect(toc.getDelNotificationTarget()).toBe('');
      expect(toc.isInbandHousekeepingEnabled()).toBe(true);
    });

    it('validates timeout, period and limit in Zope order when constructed', () => {
      const make = (options: TransientObjectContainerOptions) => () =>
        new TransientObjectContainer('toc', options);
      expect(make({ timeoutMinutes: 1.5, periodSeconds: 0.5 })).toThrow(/^timeoutMinutes must/);
      expect(make({ timeoutMinutes: 1, periodSeconds: 0.5 })).toThrow(/^periodSeconds must/);
      expect(make({ timeoutMinutes: -1, periodSeconds: 0 })).toThrow(/negative/);
      expect(make({ timeoutMinutes: 1, periodSeconds: 0 })).toThrow('resolution cannot be 0');
      expect(make({ timeoutMinutes: 1, periodSeconds: 61 })).toThrow(
        'resolution cannot be greater than timeout minutes * 60 ( 61 > 60 )',
      );
      expect(make({ timeoutMinutes: 1, periodSeconds: 7 })).toThrow(
        'timeout seconds (60) must be evenly divisible by resolution (7)',
      );
      expect(make({ limit: 2.5 })).toThrow(TypeError);
      expect(make({ limit: -1 })).toThrow(RangeError);
    });

    it('changes the limit and refuses an invalid one', () => {
      const { toc } = setup();
      toc.setSubobjectLimit(1000);
      expect(toc.getSubobjectLimit()).toBe(1000);
      expect(() => toc.setSubobjectLimit(1.5)).toThrow(TypeError);
      expect(() => toc.setSubobjectLimit(-5)).toThrow(RangeError);
      expect(toc.getSubobjectLimit()).toBe(1000);
    });

    it('drops every item when setTimeoutMinutes changes the timeout', async () => {
      const { toc } = setup();
      await toc.set('a', 1);
      toc.setTimeoutMinutes(30);
      expect(toc.getTimeoutMinutes()).toBe(30);
      expect(toc.getPeriodSeconds()).toBe(20);
      expect(await toc.length).toBe(0);
      expect(await toc.has('a')).toBe(false);
    });

    it('drops every item when setTimeoutMinutes changes only the period', async () => {
      const { toc } = setup();
      await toc.set('a', 1);
      toc.setTimeoutMinutes(20, 60);
      expect(toc.getPeriodSeconds()).toBe(60);
      expect(await toc.keys()).toEqual([]);
    });

    it('keeps the items when setTimeoutMinutes is given the current values', async () => {
      const { toc } = setup();
      await toc.set('a', 1);
      toc.setTimeoutMinutes(20, 20);
      toc.setTimeoutMinutes(20);
      expect(await toc.keys()).toEqual(['a']);
    });

    it('keeps settings and items when setTimeoutMinutes is given invalid values', async () => {
      const { toc } = setup();
      await toc.set('a', 1);
      expect(() => toc.setTimeoutMinutes(1, 7)).toThrow(/evenly divisible/);
      expect(toc.getTimeoutMinutes()).toBe(20);
      expect(await toc.keys()).toEqual(['a']);
    });

    it('switches in-band housekeeping off and on', () => {
      const { toc } = setup();
      toc.disableInbandHousekeeping();
      expect(toc.isInbandHousekeepingEnabled()).toBe(false);
      toc.enableInbandHousekeeping();
      expect(toc.isInbandHousekeepingEnabled()).toBe(true);
    });
  });

  describe('mapping', () => {
    it('stores, finds and removes values when keyed', async () => {
      const { toc } = setup();
      await toc.set('a', { n: 1 });
      expect(await toc.get('a')).toEqual({ n: 1 });
      expect(await toc.getItem('a')).toEqual({ n: 1 });
      expect(await toc.has('a')).toBe(true);
      expect(await toc.length).toBe(1);
      await toc.delete('a');
      expect(await toc.has('a')).toBe(false);
      expect(await toc.length).toBe(0);
    });

    it('returns null, or the default, when get finds nothing', async () => {
      const { toc } = setup();
      expect(await toc.get('missing')).toBeNull();
      expect(await toc.get('missing', 'fallback')).toBe('fallback');
    });

    it('throws a KeyError without the key in its message when getItem or delete finds nothing (S-23)', async () => {
      const { toc } = setup();
      const secret = 'browser-id-that-must-not-be-logged';
      await expect(toc.getItem(secret)).rejects.toBeInstanceOf(KeyError);
      const error = await toc.delete(secret).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeyError);
      expect((error as KeyError).key).toBe(secret);
      expect((error as Error).message).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    });

    it('makes a TransientObject with new() and refuses a duplicate key', async () => {
      const { toc, clock } = setup();
      const item = await toc.new('bid');
      expect(item).toBeInstanceOf(TransientObject);
      expect(item.getContainerKey()).toBe('bid');
      expect(item.getCreated()).toBe(clock.ms);
      await expect(toc.new('bid')).rejects.toThrow(new KeyError('cannot duplicate key', 'bid'));
    });

    it('refuses a key that is not a string when new() is called', async () => {
      const { toc } = setup();
      await expect(toc.new(42 as unknown as string)).rejects.toThrow(
        new TypeError('key is not a string type'),
      );
      await expect(toc.newOrExisting(42 as unknown as string)).rejects.toThrow(TypeError);
      await expect(toc.get(42 as unknown as string)).rejects.toThrow(TypeError);
    });

    it('returns the same object from newOrExisting while it lives, a new one after', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      const first = await toc.newOrExisting('bid');
      expect(await toc.newOrExisting('bid')).toBe(first);
      clock.advance(100);
      const second = await toc.newOrExisting('bid');
      expect(second).not.toBe(first);
      expect(second.getId()).not.toBe(first.getId());
    });

    it('refuses newOrExisting when the item under the key is not a TransientObject', async () => {
      const { toc } = setup();
      await toc.set('bid', 'plain');
      await expect(toc.newOrExisting('bid')).rejects.toThrow(/not a TransientObject/);
    });

    it('lists keys oldest timeslice first, sorted within a timeslice', async () => {
      const { toc, clock } = setup();
      await toc.set('m', 1);
      await toc.set('c', 2);
      clock.advance(20);
      await toc.set('b', 3);
      await toc.set('z', 4);
      clock.advance(20);
      await toc.set('a', 5);
      expect(await toc.keys()).toEqual(['c', 'm', 'b', 'z', 'a']);
      expect(await toc.values()).toEqual([2, 1, 3, 4, 5]);
      expect(await toc.items()).toEqual([
        ['c', 2],
        ['m', 1],
        ['b', 3],
        ['z', 4],
        ['a', 5],
      ]);
      await toc.get('m');
      expect(await toc.keys()).toEqual(['c', 'b', 'z', 'a', 'm']);
    });

    it('lists keys in sorted order when the timeout is 0', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 0 });
      await toc.set('b', 1);
      clock.advance(3600);
      await toc.set('a', 2);
      expect(await toc.keys()).toEqual(['a', 'b']);
    });
  });

  describe('expiry', () => {
    // Timeout 1 minute, period 20 s: T = 60, P = 20.
    it('keeps an item touched at the start of a slice visible for T + P - 1 ms, not T + P', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      clock.at(0);
      await toc.set('a', 1);
      clock.at(79.999); // slice 60 = 0 + T: still visible (keys() does not touch)
      expect(await toc.keys()).toEqual(['a']);
      clock.at(80); // slice 80 > 0 + T
      expect(await toc.keys()).toEqual([]);
    });

    it('moves a touched item to the current slice, restarting its lifetime there', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      clock.at(0);
      await toc.set('a', 1);
      clock.at(79.999);
      expect(await toc.has('a')).toBe(true); // touched in slice 60
      clock.at(139.999);
      expect(await toc.keys()).toEqual(['a']);
      clock.at(140);
      expect(await toc.keys()).toEqual([]);
    });

    it('moves a session to the current slice by recording the slice on the session, not in the index', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      clock.at(0);
      const session = await toc.new('bid');
      const createdIn = session.getTimeslice();
      clock.at(79.999);
      expect(await toc.get('bid')).toBe(session); // touched in slice 60
      expect(session.getTimeslice()).toBe((createdIn ?? 0) + 60);
      clock.at(139.999);
      expect(await toc.keys()).toEqual(['bid']);
      clock.at(140);
      expect(await toc.keys()).toEqual([]);
    });

    it('finds a session stored before sessions recorded their slice by its index entry', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      clock.at(0);
      const session = await toc.new('bid');
      const { timeslice: _dropped, ...before } = session.getState();
      session.setState(before); // as loaded from a record of an earlier version
      expect(session.getTimeslice()).toBeUndefined();
      clock.at(79.999);
      expect(await toc.has('bid')).toBe(true);
      expect(session.getTimeslice()).toBeDefined(); // recorded from now on
      clock.at(80);
      expect(await toc.has('bid')).toBe(true);
    });

    it('orders keys() by the slice each session was last touched in', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      clock.at(0);
      await toc.new('b');
      await toc.new('a');
      clock.at(20);
      await toc.get('b');
      expect(await toc.keys()).toEqual(['a', 'b']);
      clock.at(40);
      await toc.get('a');
      expect(await toc.keys()).toEqual(['b', 'a']);
    });

    it('keeps a session live after the clock went back before the slice its entry records', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      clock.at(100);
      await toc.new('bid');
      clock.at(40); // set back: the touch records slice 40 in the index too
      expect(await toc.has('bid')).toBe(true);
      clock.at(119.999); // slice 100 = 40 + T
      expect(await toc.keys()).toEqual(['bid']);
      clock.at(120);
      expect(await toc.keys()).toEqual([]);
      expect(await toc.housekeep()).toBe(1);
      expect(await toc.length).toBe(0);
    });

    it('keeps an item touched at the end of a slice visible for just over T', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      clock.at(19.999); // the last ms of slice 0
      await toc.set('a', 1);
      clock.at(79.999); // T + 0 ms after the touch
      expect(await toc.keys()).toEqual(['a']);
      clock.at(80); // T + 1 ms after the touch
      expect(await toc.get('a', 'gone')).toBe('gone');
    });

    it('gives every item a lifetime after its last touch in (T, T + P]', async () => {
      for (const offset of [0, 0.001, 5, 10, 19.999]) {
        const { toc, clock } = setup({ timeoutMinutes: 1 });
        clock.at(100 + offset);
        await toc.set('a', 1);
        // Probe without touching: keys() is not a touch.
        clock.at(100 + offset + 60);
        expect(await toc.keys()).toEqual(['a']);
        const end = 100 + 60 + 20; // slice 100 + T + P
        clock.at(end - 0.001);
        expect(await toc.keys()).toEqual(['a']);
        clock.at(end);
        expect(await toc.keys()).toEqual([]);
        expect(end - (100 + offset)).toBeGreaterThan(60);
        expect(end - (100 + offset)).toBeLessThanOrEqual(80);
      }
    });

    it('never expires items when the timeout is 0', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 0 });
      await toc.set('a', 1);
      clock.advance(10 * 365 * 24 * 3600);
      expect(await toc.get('a')).toBe(1);
      expect(await toc.housekeep()).toBe(0);
    });

    it('keeps an item alive for as long as it is touched each timeout', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      await toc.set('a', 1);
      for (let i = 0; i < 10; i += 1) {
        clock.advance(60);
        expect(await toc.has('a')).toBe(true);
      }
    });

    it.each([
      ['get', (toc: TransientObjectContainer) => toc.get('a')],
      ['getItem', (toc: TransientObjectContainer) => toc.getItem('a')],
      ['has', (toc: TransientObjectContainer) => toc.has('a')],
      ['set', (toc: TransientObjectContainer) => toc.set('a', 2)],
      ['newOrExisting', (toc: TransientObjectContainer) => toc.newOrExisting('a')],
    ])('keeps an item alive when it is touched by %s', async (_name, touch) => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      await toc.set('a', new TransientObject('a'));
      clock.advance(60);
      await touch(toc);
      clock.advance(60);
      expect(await toc.keys()).toEqual(['a']);
    });

    it('does not keep an item alive when keys, values, items or length are read', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      await toc.set('a', 1);
      clock.advance(60);
      await toc.keys();
      await toc.values();
      await toc.items();
      await toc.length;
      clock.advance(20);
      expect(await toc.has('a')).toBe(false);
    });

    it('throws a KeyError when getItem or delete meets an expired item', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      await toc.set('a', 1);
      await toc.set('b', 1);
      clock.advance(80);
      toc.disableInbandHousekeeping();
      await expect(toc.getItem('a')).rejects.toBeInstanceOf(KeyError);
      await expect(toc.delete('b')).rejects.toBeInstanceOf(KeyError);
    });

    it('treats a set of an expired key as a new item, finalizing the old one', async () => {
      const deleted: unknown[] = [];
      const { toc, clock } = setup({
        timeoutMinutes: 1,
        delNotification: (item) => deleted.push(item),
      });
      toc.disableInbandHousekeeping();
      await toc.set('a', 'old');
      clock.advance(80);
      await toc.set('a', 'new');
      expect(deleted).toEqual(['old']);
      expect(await toc.length).toBe(1);
      expect(await toc.get('a')).toBe('new');
    });
  });

  describe('housekeeping', () => {
    it('finalizes a bounded batch of expired items per keyed access (O(1) amortized)', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      for (let i = 0; i < 40; i += 1) await toc.set(`k${i}`, i);
      clock.advance(80);
      expect(await toc.length).toBe(40);
      await toc.has('other');
      expect(await toc.length).toBe(24);
      await toc.has('other');
      await toc.has('other');
      expect(await toc.length).toBe(0);
    });

    it('finalizes nothing during accesses when in-band housekeeping is disabled', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      toc.disableInbandHousekeeping();
      await toc.set('a', 1);
      clock.advance(80);
      await toc.has('a');
      await toc.keys();
      expect(await toc.length).toBe(1);
      expect(await toc.housekeep()).toBe(1);
      expect(await toc.length).toBe(0);
    });

    it('finalizes at most maxItems when housekeep is given a bound', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      toc.disableInbandHousekeeping();
      for (let i = 0; i < 5; i += 1) await toc.set(`k${i}`, i);
      clock.advance(80);
      expect(await toc.housekeep({ maxItems: 2 })).toBe(2);
      expect(await toc.length).toBe(3);
      expect(await toc.housekeep()).toBe(3);
    });

    it('finalizes only items whose slice has expired', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      toc.disableInbandHousekeeping();
      await toc.set('old', 1);
      clock.advance(20);
      await toc.set('young', 2);
      clock.advance(60);
      expect(await toc.housekeep()).toBe(1);
      expect(await toc.keys()).toEqual(['young']);
    });
  });

  describe('limit', () => {
    it('refuses a new key with Zope message and a 503 Retry-After when full (R-06)', async () => {
      const { toc, logger } = setup({ limit: 2 });
      await toc.set('a', 1);
      await toc.set('b', 2);
      const error = await toc.set('c', 3).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MaxTransientObjectsExceeded);
      const full = error as MaxTransientObjectsExceeded;
      expect(full.message).toBe('2 exceeds maximum number of subobjects 2');
      expect(full.status).toBe(503);
      expect(Number(full.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
      expect(await toc.keys()).toEqual(['a', 'b']);
      await expect(toc.new('d')).rejects.toBeInstanceOf(MaxTransientObjectsExceeded);
      expect(logger.messages).toContain(
        'Transient Object Container at /: maximum number of subobjects reached',
      );
    });

    it('says in Retry-After when the oldest item can expire', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1, limit: 1 });
      await toc.set('a', 1);
      clock.advance(30);
      const error = (await toc.set('b', 2).catch((e: unknown) => e)) as MaxTransientObjectsExceeded;
      expect(error.headers['Retry-After']).toBe('50');
    });

    it('lets existing keys be replaced when full', async () => {
      const { toc } = setup({ limit: 1 });
      await toc.set('a', 1);
      await toc.set('a', 2);
      expect(await toc.get('a')).toBe(2);
    });

    it('stops counting expired items once they are finalized, before the check', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1, limit: 20 });
      for (let i = 0; i < 20; i += 1) await toc.set(`k${i}`, i);
      clock.advance(80);
      await toc.set('new', 1);
      expect(await toc.keys()).toEqual(['new']);
    });

    it('counts expired items that are not finalized when in-band housekeeping is off', async () => {
      const { toc, clock } = setup({ timeoutMinutes: 1, limit: 1 });
      toc.disableInbandHousekeeping();
      await toc.set('a', 1);
      clock.advance(80);
      await expect(toc.set('b', 2)).rejects.toThrow('1 exceeds maximum number of subobjects 1');
      await toc.housekeep();
      await toc.set('b', 2);
    });

    it('is unlimited when the limit is 0', async () => {
      const { toc } = setup({ limit: 0 });
      for (let i = 0; i < 50; i += 1) await toc.set(`k${i}`, i);
      expect(await toc.length).toBe(50);
    });
  });

  describe('notifications', () => {
    it('calls the add notification with (item, container) on every assignment', async () => {
      const calls: [unknown, unknown][] = [];
      const { toc } = setup({
        addNotification: (item, container) => calls.push([item, container]),
      });
      const item = await toc.new('a');
      await toc.set('b', 2);
      await toc.set('b', 3);
      expect(calls).toEqual([
        [item, toc],
        [2, toc],
        [3, toc],
      ]);
    });

    it('calls the delete notification when an expired item is finalized', async () => {
      const deleted: unknown[] = [];
      const { toc, clock } = setup({ timeoutMinutes: 1 });
      toc.setDelNotificationTarget(async (item) => {
        deleted.push(item);
      });
      const item = await toc.new('a');
      await toc.set('b', 'value');
      clock.advance(80);
      await toc.has('x');
      expect(deleted).toEqual([item, 'value']);
    });

    it('calls the delete notification when an item is invalidated, not when it is deleted', async () => {
      const deleted: unknown[] = [];
      const { toc } = setup({ delNotification: (item) => deleted.push(item) });
      const item = await toc.new('a');
      await toc.set('b', 2);
      await toc.delete('b');
      await item.invalidate();
      expect(deleted).toEqual([item]);
      expect(await toc.has('a')).toBe(false);
      expect(await toc.length).toBe(0);
    });

    it('resolves path targets through the path resolver, and stores the path', async () => {
      const calls: string[] = [];
      const { toc } = setup({
        addNotification: '/scripts/on_add',
        resolvePath: (path) => (item) => calls.push(`${path}:${String(item)}`),
      });
      await toc.set('a', 1);
      expect(calls).toEqual(['/scripts/on_add:1']);
      expect(toc.getAddNotificationTarget()).toBe('/scripts/on_add');
      expect(toc.getState().addNotificationPath).toBe('/scripts/on_add');
    });

    it('logs a warning and carries on when a path cannot be resolved', async () => {
      const { toc, logger } = setup({ addNotification: '/missing' });
      await toc.set('a', 1);
      toc.setPathResolver(async () => undefined);
      await toc.set('b', 2);
      expect(logger.messages).toEqual([
        'No such onAdd method /missing referenced via Transient Object Container at /',
        'No such onAdd method /missing referenced via Transient Object Container at /',
      ]);
      expect(await toc.length).toBe(2);
    });

    it('logs a warning when a path resolves to something not callable', async () => {
      const { toc, logger } = setup({
        delNotification: '/not/callable',
        resolvePath: () => 'text' as unknown as undefined,
      });
      const item = await toc.new('a');
      await item.invalidate();
      expect(logger.messages).toEqual([
        'notifyDel in Transient Object Container at / attempted to call non-callable /not/callable',
      ]);
    });

    it('logs a failing notification and never raises it', async () => {
      const failure = new Error('boom');
      const { toc, logger, clock } = setup({
        timeoutMinutes: 1,
        addNotification: function onAdd() {
          throw failure;
        },
        delNotification: async () => Promise.reject(failure),
      });
      await toc.set('a', 1);
      clock.advance(80);
      await toc.set('b', 2);
      expect(await toc.keys()).toEqual(['b']);
      expect(logger.warnings).toEqual([
        {
          message: 'notifyAdd failed when calling onAdd in Transient Object Container at /',
          error: failure,
        },
        {
          message:
            'notifyDel failed when calling delNotification in Transient Object Container at /',
          error: failure,
        },
        {
          message: 'notifyAdd failed when calling onAdd in Transient Object Container at /',
          error: failure,
        },
      ]);
    });

    it('keeps function targets in memory only and clears a target with null or an empty path', () => {
      const { toc } = setup();
      const target = (): void => undefined;
      toc.setAddNotificationTarget(target);
      expect(toc.getAddNotificationTarget()).toBe(target);
      expect(toc.getState().addNotificationPath).toBeNull();
      toc.setAddNotificationTarget('');
      expect(toc.getAddNotificationTarget()).toBe('');
      toc.setDelNotificationTarget('/x');
      toc.setDelNotificationTarget(null);
      expect(toc.getDelNotificationTarget()).toBe('');
      expect(() => toc.setAddNotificationTarget(5 as unknown as string)).toThrow(TypeError);
    });
  });

  describe('transient objects', () => {
    it('gives its objects the container clock', async () => {
      const { toc, clock } = setup();
      const item = await toc.new('a');
      clock.advance(45);
      item.set('x', 1);
      expect(item.getLastModified()).toBe(clock.ms);
    });

    it('records an access on the object at most once per 30 s when it is touched', async () => {
      const { toc, clock } = setup();
      const item = await toc.new('a');
      const created = item.getLastAccessed();
      clock.advance(30);
      await toc.get('a');
      expect(item.getLastAccessed()).toBe(created);
      clock.advance(0.001);
      await toc.get('a');
      expect(item.getLastAccessed()).toBe(clock.ms);
    });
  });
});
