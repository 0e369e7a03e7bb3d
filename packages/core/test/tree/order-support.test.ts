import { moveByDelta, moveToPosition, sortIds } from '@zoa/core/tree';

describe('moveByDelta', () => {
  it.each<[string[], string[], number, string[], number]>([
    [['a', 'b', 'c'], ['c'], -1, ['a', 'c', 'b'], 1],
    [['a', 'b', 'c'], ['a'], 1, ['b', 'a', 'c'], 1],
    [['a', 'b', 'c', 'd'], ['c', 'd'], -10, ['c', 'd', 'a', 'b'], 2],
    [['a', 'b', 'c', 'd'], ['a', 'b'], 10, ['c', 'd', 'a', 'b'], 2],
    [['a', 'b', 'c'], ['a'], -1, ['a', 'b', 'c'], 0],
    [['a', 'b', 'c'], ['zz', 'c', 'c'], -1, ['a', 'c', 'b'], 1],
    [['a', 'b', 'c', 'd'], ['b', 'd'], -1, ['b', 'a', 'd', 'c'], 2],
  ])('moves %j: %j by %d', (order, ids, delta, expected, moved) => {
    expect(moveByDelta(order, ids, delta)).toEqual({ order: expected, moved });
  });
});

describe('moveToPosition', () => {
  it.each<[string[], string[], number, string[]]>([
    [['a', 'b', 'c', 'd'], ['d', 'a'], 1, ['b', 'd', 'a', 'c']],
    [['a', 'b', 'c'], ['a'], 99, ['b', 'c', 'a']],
    [['a', 'b', 'c'], ['c'], -5, ['c', 'a', 'b']],
    [['a', 'b'], ['zz'], 0, ['a', 'b']],
  ])('moves %j: %j to %d', (order, ids, position, expected) => {
    expect(moveToPosition(order, ids, position)).toEqual(expected);
  });
});

describe('sortIds', () => {
  it('sorts stably by key, optionally reversed', () => {
    const keys: Record<string, number> = { a: 2, b: 1, c: 2 };
    expect(sortIds(['a', 'b', 'c'], (id) => keys[id] ?? 0)).toEqual(['b', 'a', 'c']);
    expect(sortIds(['a', 'b', 'c'], (id) => keys[id] ?? 0, true)).toEqual(['a', 'c', 'b']);
  });
});
