// PeekedState is internal (what a connection hands a B-tree peeking at a bucket): same module
// graph as the source, so the classes match.
import fc from 'fast-check';
import { compareKeys } from '../../src/persistence/btree-compare';
import type { BTreeKey } from '../../src/persistence/btree-compare';
import { ClassRegistry } from '../../src/persistence/class-registry';
import { PeekedBucket } from '../../src/persistence/btree-peeked-bucket';
import { PeekedItems, PeekedState } from '../../src/persistence/peeked-state';
import { Persistent } from '../../src/persistence/persistent';
import { encodeState, RefCell } from '../../src/persistence/serializer';
import { LazyReference, LazyReferences } from '../../src/persistence/serializer-lazy-reference';

class Thing extends Persistent {
  [key: string]: unknown;
}

describe('PeekedState', () => {
  const registry = new ClassRegistry();
  registry.register('Thing', Thing);
  const resolved: number[] = [];
  const resolve = (oid: number): Persistent => {
    resolved.push(oid);
    return new Thing();
  };
  const other = new Thing();
  /** The JSON a connection stores for `state` (`other` stored as oid 9). */
  const stored = (state: Record<string, unknown>): string =>
    JSON.stringify(
      encodeState(Object.assign(new Thing(), state), registry, () => new RefCell(9, 'Thing')).tree,
    );

  beforeEach(() => resolved.splice(0));

  it('decodes the properties asked for, as a full decode would', () => {
    const text = stored({ when: new Date(0), list: [1, new Set(['a'])], title: 't' });
    const state = new PeekedState(text, registry, resolve);
    expect(state.get('when')).toEqual(new Date(0));
    expect(state.get('list')).toEqual([1, new Set(['a'])]);
    expect(state.get('title')).toBe('t');
    expect(state.get('missing')).toBeUndefined();
  });

  it('reads a state whose keys start with "$" (stored wrapped)', () => {
    const state = new PeekedState(stored({ $price: 5, plain: 'p' }), registry, resolve);
    expect(state.get('$price')).toBe(5);
    expect(state.get('plain')).toBe('p');
  });

  it('decodes the items of a $lazy array one by one: a reference as a LazyReference', () => {
    const values = new LazyReferences(['a', other, { deep: other }]);
    const state = new PeekedState(stored({ values, plain: [1] }), registry, resolve);
    const items = state.lazyItems('values') as PeekedItems;
    expect(items).toBeInstanceOf(PeekedItems);
    expect(items.at(0)).toBe('a');
    const lazy = items.at(1) as LazyReference;
    expect(lazy).toBeInstanceOf(LazyReference);
    expect(lazy.oid).toBe(9);
    expect(resolved).toEqual([]); // no ghost until asked
    expect(items.at(2)).toEqual({ deep: expect.any(Thing) }); // a reference inside: resolved
    expect(resolved).toEqual([9]);
    expect(items.at(3)).toBeUndefined();
    expect(state.lazyItems('plain')).toBeUndefined();
    expect(state.lazyItems('missing')).toBeUndefined();
  });
});

describe('PeekedBucket', () => {
  const registry = new ClassRegistry();
  registry.register('Thing', Thing);

  it('finds a key and decodes only the value it reads', () => {
    const made: number[] = [];
    const resolve = (oid: number): Persistent => {
      made.push(oid);
      return new Thing();
    };
    const things = [new Thing(), new Thing(), new Thing()];
    let oid = 10;
    const cells = new Map<Persistent, RefCell>(
      things.map((thing) => [thing, new RefCell((oid += 1), 'Thing')]),
    );
    const bucket = Object.assign(new Thing(), {
      keys: ['a', 'b', 'c'],
      values: new LazyReferences(things),
      next: null,
    });
    const text = JSON.stringify(
      encodeState(bucket, registry, (obj) => cells.get(obj) as RefCell).tree,
    );
    const peeked = PeekedBucket.of<string, Thing>(new PeekedState(text, registry, resolve));
    expect(peeked.indexOf('b')).toBe(1);
    expect(peeked.indexOf('bb')).toBe(-1);
    expect(peeked.valueAt(1)).toBeInstanceOf(Thing);
    expect(made).toEqual([12]); // the ghost of the value read, and no other
  });

  it('finds keys in the text as a search of the decoded keys would: escapes, prefixes, numbers', () => {
    const key = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.constantFrom('a', 'ab', 'a"b', 'a\\', 'é', '\n', ''),
      fc.integer({ min: -50, max: 50 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(key, { maxLength: 12, comparator: (a, b) => compareKeys(a, b) === 0 }),
        key,
        (raw, probe) => {
          const keys = [...raw].sort(compareKeys);
          const bucket = Object.assign(new Thing(), {
            keys,
            values: new LazyReferences(keys.map((k) => String(k))),
          });
          const text = JSON.stringify(
            encodeState(bucket, registry, () => new RefCell(1, 'Thing')).tree,
          );
          const peeked = PeekedBucket.of<BTreeKey, string>(
            new PeekedState(text, registry, () => new Thing()),
          );
          const expected = keys.findIndex((k) => compareKeys(k, probe) === 0);
          expect(peeked.indexOf(probe)).toBe(expected);
          if (expected >= 0) expect(peeked.valueAt(expected)).toBe(String(keys[expected]));
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });
});
