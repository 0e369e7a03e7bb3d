import { inspect } from 'node:util';
import { CannotStoreError, ConflictError } from '@zoa/core';
import { KeyError, TransientObject, TransientObjectContainer } from '@zoa/sessions';
import { FakeClock } from './fixtures/fake-clock';
import { displayKey } from '../../src/browser-id/display-key';

function make(key = 'bid') {
  const clock = new FakeClock();
  return { clock, item: new TransientObject(key, { clock: clock.now }) };
}

/** The stored state of `item`, as JSON (what conflict resolution sees). */
function stateOf(item: TransientObject): Record<string, unknown> {
  return JSON.parse(JSON.stringify(item.getState())) as Record<string, unknown>;
}

describe('TransientObject', () => {
  it('has a unique id that is not its container key', () => {
    const ids = new Set(Array.from({ length: 100 }, () => new TransientObject('bid').getId()));
    expect(ids.size).toBe(100);
    const { item } = make('bid');
    expect(item.getId()).not.toBe('bid');
    expect(item.getId()).toMatch(/^\d{20}$/);
    expect(item.getContainerKey()).toBe('bid');
  });

  it('takes its times from the clock: created and last accessed now, last modified null', () => {
    const { item, clock } = make();
    expect(item.getCreated()).toBe(clock.ms);
    expect(item.getLastAccessed()).toBe(clock.ms);
    expect(item.getLastModified()).toBeNull();
  });

  it.each([
    ['set', (item: TransientObject) => item.set('a', 1)],
    ['delete', (item: TransientObject) => item.delete('x')],
    ['clear', (item: TransientObject) => item.clear()],
    ['update', (item: TransientObject) => item.update({ a: 1 })],
    ['setLastModified', (item: TransientObject) => item.setLastModified()],
  ])('sets last modified when %s runs', (_name, mutate) => {
    const { item, clock } = make();
    item.set('x', 0);
    clock.advance(5);
    mutate(item);
    expect(item.getLastModified()).toBe(clock.ms);
  });

  it('rewrites last accessed only when the recorded one is more than 30 s old', () => {
    const { item, clock } = make();
    const first = item.getLastAccessed();
    clock.advance(30);
    item.setLastAccessed();
    expect(item.getLastAccessed()).toBe(first);
    clock.advance(0.001);
    item.setLastAccessed();
    expect(item.getLastAccessed()).toBe(clock.ms);
  });

  it('works as a mapping of JSON-like values', () => {
    const { item } = make();
    expect(item.get('a')).toBeNull();
    expect(item.get('a', 'default')).toBe('default');
    expect(item.has('a')).toBe(false);
    item.set('b', [1, 2]);
    item.set('a', { n: 1 });
    expect(item.get('a')).toEqual({ n: 1 });
    expect(item.getItem('b')).toEqual([1, 2]);
    expect(item.has('a')).toBe(true);
    expect(item.keys()).toEqual(['b', 'a']);
    expect(item.values()).toEqual([[1, 2], { n: 1 }]);
    expect(item.items()).toEqual([
      ['b', [1, 2]],
      ['a', { n: 1 }],
    ]);
    item.delete('b');
    expect(item.keys()).toEqual(['a']);
    item.clear();
    expect(item.keys()).toEqual([]);
  });

  it('throws a KeyError when getItem or delete finds no key', () => {
    const { item } = make();
    expect(() => item.getItem('nope')).toThrow(KeyError);
    expect(() => item.delete('nope')).toThrow(
      new KeyError('No key "nope" in session data', 'nope'),
    );
  });

  it('stores a copy of a value, so later changes in place need a new set', () => {
    const { item } = make();
    const cart = ['book'];
    item.set('cart', cart);
    cart.push('pen');
    expect(item.get('cart')).toEqual(['book']);
  });

  it('keeps keys such as __proto__ and toString as plain data', () => {
    const { item } = make();
    item.update(
      JSON.parse('{"__proto__": {"polluted": 1}, "toString": 2}') as Record<string, unknown>,
    );
    expect(item.get('__proto__')).toEqual({ polluted: 1 });
    expect(item.get('toString')).toBe(2);
    expect(item.has('constructor')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['a Date', new Date(0), /instance of Date.*toISOString/],
    ['a Map', new Map(), /instance of Map/],
    ['a function', () => 1, /a function is not a JSON value/],
    ['undefined', undefined, /undefined is not a JSON value/],
    ['NaN', Number.NaN, /NaN is not a JSON number/],
    ['a bigint', BigInt(1), /a bigint/],
    ['a class instance', new (class Cart {})(), /instance of Cart/],
  ])('refuses %s with a clear error when set', (_name, value, message) => {
    const { item } = make();
    expect(() => item.set('k', value)).toThrow(CannotStoreError);
    expect(() => item.set('k', value)).toThrow(message);
    expect(item.has('k')).toBe(false);
  });

  it('names the path of a nested value it refuses, and refuses cycles', () => {
    const { item } = make();
    expect(() => item.set('cart', { items: [{ added: new Date() }] })).toThrow(
      /session key "cart" at cart\.items\[0\]\.added/,
    );
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => item.set('loop', loop)).toThrow(/circular/);
  });

  it('stores nothing from update when one value is refused', () => {
    const { item } = make();
    expect(() => item.update({ a: 1, b: new Set() })).toThrow(CannotStoreError);
    expect(item.keys()).toEqual([]);
    item.update(new Map([['c', 3]]));
    expect(item.get('c')).toBe(3);
  });

  it('shows id, key and content keys but never values in its string form', () => {
    const { item } = make('the-key');
    item.set('card', '4111-1111-1111-1111');
    const text = String(item);
    expect(text).toBe(`id: ${item.getId()}, key: ${displayKey('the-key')}, content keys: ["card"]`);
    expect(text).not.toContain('the-key'); // S-23: the key is a browser id
    expect(inspect(item)).not.toContain('4111');
    expect(inspect(item)).toContain('content keys');
  });

  it('is invalid after invalidate, which does nothing the second time', async () => {
    const { item } = make();
    expect(item.isValid()).toBe(true);
    await item.invalidate();
    expect(item.isValid()).toBe(false);
    await item.invalidate();
    expect(stateOf(item).invalid).toBe(true);
  });

  it('is removed from its container when invalidated', async () => {
    const clock = new FakeClock();
    const toc = new TransientObjectContainer('toc', { clock: clock.now });
    const item = await toc.new('bid');
    await item.invalidate();
    expect(await toc.has('bid')).toBe(false);
    expect((await toc.newOrExisting('bid')).isValid()).toBe(true);
  });

  it('refuses keys that are not strings', () => {
    const { item } = make();
    expect(() => item.set(1 as unknown as string, 1)).toThrow(TypeError);
    expect(() => item.get(1 as unknown as string)).toThrow(TypeError);
  });

  it('keeps the timeslice of its last touch in its state, and loads states stored without one', () => {
    const { item } = make();
    expect(item.getTimeslice()).toBeUndefined();
    expect(stateOf(item)).not.toHaveProperty('timeslice');
    item.setTimeslice(1_735_689_620);
    const copy = new TransientObject('x');
    copy.setState(stateOf(item));
    expect(copy.getTimeslice()).toBe(1_735_689_620);
    const { timeslice: _dropped, ...before } = stateOf(item);
    copy.setState(before);
    expect(copy.getTimeslice()).toBeUndefined();
  });

  describe('resolveConflict', () => {
    /** Two concurrent copies of `base`, as two transactions would see it. */
    function fork(base: TransientObject) {
      const old = stateOf(base);
      const copy = () => {
        const clock = new FakeClock();
        const item = new TransientObject('x', { clock: clock.now });
        item.setState(structuredClone(old));
        return { item, clock };
      };
      return { old, committed: copy(), mine: copy() };
    }

    /** The merge of the two copies' states (as a conflicting commit would resolve them). */
    function merge(forked: ReturnType<typeof fork>): unknown {
      const { old, committed, mine } = forked;
      return TransientObject.resolveConflict(old, stateOf(committed.item), stateOf(mine.item));
    }

    it('keeps both writes when each changed a different key (R-01)', () => {
      const { item: base } = make();
      base.set('shared', 0);
      const { old, committed, mine } = fork(base);
      committed.item.set('a', 1);
      mine.item.set('b', 2);
      const merged = TransientObject.resolveConflict(
        old,
        stateOf(committed.item),
        stateOf(mine.item),
      );
      const result = new TransientObject('x');
      result.setState(merged as Record<string, unknown>);
      expect(result.items()).toEqual([
        ['shared', 0],
        ['a', 1],
        ['b', 2],
      ]);
    });

    it('keeps the later timeslice of the last touch, whichever side recorded it', () => {
      const { item: base } = make();
      base.setTimeslice(100);
      const forked = fork(base);
      const { old, committed, mine } = forked;
      committed.item.setTimeslice(140);
      mine.item.set('a', 1); // mine did not touch in a newer slice
      expect((merge(forked) as { timeslice: number }).timeslice).toBe(140);
      const reversed = TransientObject.resolveConflict(
        old,
        stateOf(mine.item),
        stateOf(committed.item),
      );
      expect((reversed as { timeslice: number }).timeslice).toBe(140);
    });

    it('merges states stored before the timeslice was kept, without inventing one', () => {
      const forked = fork(make().item);
      forked.committed.item.set('a', 1);
      forked.mine.clock.advance(1);
      forked.mine.item.set('b', 2);
      expect(merge(forked)).not.toHaveProperty('timeslice');
    });

    it('keeps the later write when both set one key blindly to different values', () => {
      const { item: base } = make();
      const { old, committed, mine } = fork(base);
      committed.clock.advance(1);
      committed.item.set('color', 'red');
      mine.clock.advance(2);
      mine.item.set('color', 'blue');
      const later = TransientObject.resolveConflict(
        old,
        stateOf(committed.item),
        stateOf(mine.item),
      );
      expect((later as { data: unknown }).data).toEqual([['color', 'blue']]);
      const earlier = TransientObject.resolveConflict(
        old,
        stateOf(mine.item),
        stateOf(committed.item),
      );
      expect((earlier as { data: unknown }).data).toEqual([['color', 'blue']]);
    });

    it('refuses to merge when both changed one key at the same time', () => {
      const { item: base } = make();
      const { old, committed, mine } = fork(base);
      committed.item.set('color', 'red');
      mine.item.set('color', 'blue');
      expect(() =>
        TransientObject.resolveConflict(old, stateOf(committed.item), stateOf(mine.item)),
      ).toThrow(ConflictError);
    });

    it('refuses to merge a read-modify-write of a key the other side changed (counters)', () => {
      const { item: base } = make();
      base.set('count', 0);
      const { old, committed, mine } = fork(base);
      committed.item.set('count', (committed.item.get('count') as number) + 1);
      mine.clock.advance(5);
      mine.item.set('count', (mine.item.get('count') as number) + 1);
      expect(() =>
        TransientObject.resolveConflict(old, stateOf(committed.item), stateOf(mine.item)),
      ).toThrow(ConflictError);
    });

    it('refuses to merge a delete of a key the other side changed', () => {
      const { item: base } = make();
      base.set('cart', ['a']);
      const { old, committed, mine } = fork(base);
      committed.item.set('cart', ['a', 'b']);
      mine.clock.advance(5);
      mine.item.delete('cart');
      expect(() =>
        TransientObject.resolveConflict(old, stateOf(committed.item), stateOf(mine.item)),
      ).toThrow(ConflictError);
    });

    it('merges two deletes of one key and a delete next to another change', () => {
      const { item: base } = make();
      base.update({ a: 1, b: 2 });
      const { old, committed, mine } = fork(base);
      committed.item.delete('a');
      mine.item.delete('a');
      mine.item.delete('b');
      const merged = TransientObject.resolveConflict(
        old,
        stateOf(committed.item),
        stateOf(mine.item),
      );
      expect((merged as { data: unknown }).data).toEqual([]);
    });

    it('lets an invalidation win over any change', async () => {
      const { item: base } = make();
      const { old, committed, mine } = fork(base);
      await committed.item.invalidate();
      mine.item.set('a', 1);
      const merged = TransientObject.resolveConflict(
        old,
        stateOf(committed.item),
        stateOf(mine.item),
      );
      expect((merged as { invalid?: boolean }).invalid).toBe(true);
      const reversed = TransientObject.resolveConflict(
        old,
        stateOf(mine.item),
        stateOf(committed.item),
      );
      expect((reversed as { invalid?: boolean }).invalid).toBe(true);
    });

    it('takes the later last accessed and last modified times', () => {
      const { item: base } = make();
      const { old, committed, mine } = fork(base);
      committed.clock.advance(100);
      committed.item.setLastAccessed();
      mine.clock.advance(50);
      mine.item.set('a', 1);
      const merged = TransientObject.resolveConflict(
        old,
        stateOf(committed.item),
        stateOf(mine.item),
      ) as {
        lastAccessed: number;
        lastModified: number;
      };
      expect(merged.lastAccessed).toBe(committed.item.getLastAccessed());
      expect(merged.lastModified).toBe(mine.item.getLastModified());
    });

    it('refuses states of different objects, or states that are not transient object states', () => {
      const { item: a } = make();
      const { item: b } = make();
      expect(() => TransientObject.resolveConflict(stateOf(a), stateOf(b), stateOf(a))).toThrow(
        /id differs/,
      );
      expect(() => TransientObject.resolveConflict({}, {}, {})).toThrow(ConflictError);
    });
  });
});
