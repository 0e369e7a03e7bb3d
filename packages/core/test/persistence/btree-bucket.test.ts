import { BTreeBucket, ConflictError, mergeBucketStates } from '@zoa/core/persistence';
import type { BTreeKey } from '@zoa/core/persistence';

/** A bucket state as the connection hands it to resolveConflict. */
function state(entries: [BTreeKey, unknown][], next: unknown = null): Record<string, unknown> {
  return { keys: entries.map(([k]) => k), values: entries.map(([, v]) => v), next };
}

const NEXT = { $ref: [42, 'BTreeBucket'] };
const OLD = state(
  [
    [1, 'one'],
    [3, 'three'],
    ['a', { $ref: [7, 'Session'] }],
  ],
  NEXT,
);

describe('BTreeBucket', () => {
  it('keeps its keys sorted through set and remove', () => {
    const bucket = new BTreeBucket<BTreeKey, number>();
    expect(bucket.set('b', 1)).toBe(true);
    expect(bucket.set(2, 2)).toBe(true);
    expect(bucket.set('a', 3)).toBe(true);
    expect(bucket.set('b', 4)).toBe(false);
    expect(bucket.keys).toEqual([2, 'a', 'b']);
    expect(bucket.values).toEqual([2, 3, 4]);
    expect(bucket.indexOf('a')).toBe(1);
    expect(bucket.indexOf('c')).toBe(-1);
    expect(bucket.remove('a')).toBe(true);
    expect(bucket.remove('a')).toBe(false);
    expect(bucket.keys).toEqual([2, 'b']);
  });

  it('splits its upper half into a new bucket linked after it, and absorbs it back', () => {
    const tail = new BTreeBucket<number, number>([100], [100]);
    const bucket = new BTreeBucket<number, number>([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], tail);
    const right = bucket.split();
    expect(bucket.keys).toEqual([1, 2]);
    expect(right.keys).toEqual([3, 4, 5]);
    expect(right.values).toEqual([3, 4, 5]);
    expect(bucket.next).toBe(right);
    expect(right.next).toBe(tail);
    bucket.absorb(right);
    expect(bucket.keys).toEqual([1, 2, 3, 4, 5]);
    expect(bucket.next).toBe(tail);
    expect(right.size).toBe(0);
    expect(right.next).toBeNull();
  });
});

describe('BTreeBucket.resolveConflict', () => {
  it('combines inserts of different keys, in key order', () => {
    const committed = state(
      [
        [0, 'zero'],
        [1, 'one'],
        [3, 'three'],
        ['a', { $ref: [7, 'Session'] }],
      ],
      NEXT,
    );
    const mine = state(
      [
        [1, 'one'],
        [2, 'two'],
        [3, 'three'],
        ['a', { $ref: [7, 'Session'] }],
        ['b', 'bee'],
      ],
      NEXT,
    );
    expect(BTreeBucket.resolveConflict(OLD, committed, mine)).toEqual(
      state(
        [
          [0, 'zero'],
          [1, 'one'],
          [2, 'two'],
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
          ['b', 'bee'],
        ],
        NEXT,
      ),
    );
  });

  it('combines a delete, an update and an insert of different keys', () => {
    const committed = state(
      [
        [1, 'one'],
        ['a', { $ref: [7, 'Session'] }],
      ],
      NEXT,
    );
    const mine = state(
      [
        [1, 'ONE'],
        [3, 'three'],
        ['a', { $ref: [7, 'Session'] }],
        ['z', 26],
      ],
      NEXT,
    );
    expect(mergeBucketStates(OLD, committed, mine)).toEqual(
      state(
        [
          [1, 'ONE'],
          ['a', { $ref: [7, 'Session'] }],
          ['z', 26],
        ],
        NEXT,
      ),
    );
  });

  it('keeps the values of states that store them as a $lazy part in one', () => {
    const lazy = (bucket: Record<string, unknown>): Record<string, unknown> => ({
      ...bucket,
      values: { $lazy: bucket.values },
    });
    const committed = state([
      [1, 'uno'],
      ['a', { $ref: [7, 'Session'] }],
    ]);
    const mine = state([
      [1, 'one'],
      ['a', { $ref: [7, 'Session'] }],
      ['b', { $ref: [8, 'Session'] }],
    ]);
    const base = state([
      [1, 'one'],
      ['a', { $ref: [7, 'Session'] }],
    ]);
    expect(mergeBucketStates(lazy(base), lazy(committed), lazy(mine))).toEqual(
      lazy(
        state([
          [1, 'uno'],
          ['a', { $ref: [7, 'Session'] }],
          ['b', { $ref: [8, 'Session'] }],
        ]),
      ),
    );
  });

  it('accepts both setting a present key to the same value', () => {
    const both = state(
      [
        [1, 'uno'],
        [3, 'three'],
        ['a', { $ref: [7, 'Session'] }],
      ],
      NEXT,
    );
    expect(mergeBucketStates(OLD, both, both)).toEqual(both);
  });

  it('merges into an empty bucket (the root bucket of an empty tree)', () => {
    expect(mergeBucketStates(state([]), state([['x', 1]]), state([['y', 2]]))).toEqual(
      state([
        ['x', 1],
        ['y', 2],
      ]),
    );
  });

  it('keeps the other properties of my state', () => {
    const mine = {
      ...state(
        [
          [1, 'one'],
          [3, 'three'],
          ['a', 0],
        ],
        NEXT,
      ),
      extra: true,
    };
    expect(mergeBucketStates(OLD, OLD, mine)).toMatchObject({ extra: true, keys: [1, 3, 'a'] });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'both insert the same key, even with the same value',
      state(
        [
          [1, 'one'],
          [2, 'two'],
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
        ],
        NEXT,
      ),
      state(
        [
          [1, 'one'],
          [2, 'two'],
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
        ],
        NEXT,
      ),
    ],
    [
      'both set one key to different values',
      state(
        [
          [1, 'uno'],
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
        ],
        NEXT,
      ),
      state(
        [
          [1, 'eins'],
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
        ],
        NEXT,
      ),
    ],
    [
      'both delete the same key',
      state(
        [
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
        ],
        NEXT,
      ),
      state(
        [
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
        ],
        NEXT,
      ),
    ],
    [
      'one deletes the key the other changes',
      state(
        [
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
        ],
        NEXT,
      ),
      state(
        [
          [1, 'uno'],
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
        ],
        NEXT,
      ),
    ],
    [
      'the committed transaction split the bucket (next changed)',
      state([[1, 'one']], { $ref: [99, 'BTreeBucket'] }),
      state(
        [
          [1, 'one'],
          [2, 'two'],
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
        ],
        NEXT,
      ),
    ],
    [
      'my transaction merged the next bucket in (next changed)',
      state(
        [
          [0, 'zero'],
          [1, 'one'],
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
        ],
        NEXT,
      ),
      state(
        [
          [1, 'one'],
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
          ['b', 'b'],
        ],
        null,
      ),
    ],
    [
      'the committed transaction emptied (removed) the bucket',
      state([], null),
      state(
        [
          [1, 'one'],
          [2, 'two'],
          [3, 'three'],
          ['a', { $ref: [7, 'Session'] }],
        ],
        NEXT,
      ),
    ],
    [
      'the merge would leave the bucket empty',
      state([['a', { $ref: [7, 'Session'] }]], NEXT),
      state(
        [
          [1, 'one'],
          [3, 'three'],
        ],
        NEXT,
      ),
    ],
    ['a state is not a bucket state', { value: 1 }, state([[1, 'one']], NEXT)],
  ])('refuses with a ConflictError when %s', (_reason, committed, mine) => {
    let merged: unknown;
    expect(() => {
      merged = BTreeBucket.resolveConflict(OLD, committed, mine);
    }).toThrow(ConflictError);
    expect(merged).toBeUndefined();
  });
});
