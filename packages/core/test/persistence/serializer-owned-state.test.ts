// decodeOwnedState and encodeStateToStore are internal (what a connection reads and writes
// with): same module graph as the source, so the classes match.
import { inspect } from 'node:util';
import { ClassRegistry } from '../../src/persistence/class-registry';
import { Persistent } from '../../src/persistence/persistent';
import {
  decodeOwnedState,
  decodeState,
  encodeState,
  encodeStateToStore,
  RefCell,
} from '../../src/persistence/serializer';

class Thing extends Persistent {
  [key: string]: unknown;
}

class Money {
  constructor(
    public amount = 0,
    public currency = 'EUR',
  ) {}
}

describe('decodeOwnedState', () => {
  it('decodes in place what decodeState decodes into copies', () => {
    const registry = new ClassRegistry();
    registry.register('Thing', Thing);
    registry.register('Money', Money);
    const plain = JSON.parse('{"__proto__": {"x": 1}, "$ref": 2}') as Record<string, unknown>;
    const thing = Object.assign(new Thing(), {
      text: 'héllo',
      list: [1, 'two', [3, { deep: [new Date(0)] }]],
      when: new Date('2026-11-26T10:00:00.000Z'),
      map: new Map<unknown, unknown>([['a', [1, new Set(['x'])]]]),
      big: 12345678901234567890n,
      missing: undefined,
      money: new Money(5),
      other: new Thing(),
      plain,
      $dollar: { $ref: 'data, not a reference' },
    });
    const { tree } = encodeState(thing, registry, () => new RefCell(7, 'Thing'));
    const json = JSON.stringify(tree);
    const resolve = (): Thing => new Thing();
    const parsed = JSON.parse(json) as unknown;
    const inPlace = decodeOwnedState(parsed, registry, resolve);
    const copied = decodeState(JSON.parse(json), registry, resolve);
    expect(inspect(inPlace, { depth: null, showHidden: true })).toBe(
      inspect(copied, { depth: null, showHidden: true }),
    );
    expect(Object.getOwnPropertyNames(inPlace)).toEqual(Object.getOwnPropertyNames(copied));
    expect(inPlace.money).toBeInstanceOf(Money);
    expect((inPlace.list as unknown[])[2]).toEqual([3, { deep: [new Date(0)] }]);
  });
});

describe('encodeStateToStore', () => {
  const registry = new ClassRegistry();
  registry.register('Thing', Thing);
  registry.register('Money', Money);
  const refOf = (): RefCell => new RefCell(7, 'Thing');

  it('writes the same JSON as encodeState, sharing what needs no encoding', () => {
    const shared = { a: [1, 'two', { three: 3 }], b: null };
    const proto = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    const holey: unknown[] = [1];
    holey[2] = 3; // a hole at 1
    const states: Record<string, unknown>[] = [
      { plain: shared, list: [1, [2, [3]]], n: 5 },
      { when: new Date(0), list: [1, undefined, Number.NaN], after: 'x' },
      { money: new Money(5), other: new Thing(), $dollar: { $ref: 'data' } },
      { map: new Map([['k', shared]]), set: new Set([shared]), proto },
      { sparse: holey, big: 2n },
    ];
    for (const state of states) {
      const thing = Object.assign(new Thing(), state);
      const copied = encodeState(thing, registry, refOf).tree;
      const stored = encodeStateToStore(thing, registry, refOf).tree;
      expect(JSON.stringify(stored)).toBe(JSON.stringify(copied));
    }
    const thing = Object.assign(new Thing(), { plain: shared });
    const tree = encodeStateToStore(thing, registry, refOf).tree as { plain: unknown };
    expect(tree.plain).toBe(shared);
  });

  it('fails as encodeState does', () => {
    const thing = Object.assign(new Thing(), { list: [1, { f: () => 1 }] });
    expect(() => encodeStateToStore(thing, registry, refOf)).toThrow(
      'property "list[1].f": a function cannot be stored',
    );
    const cycle: Record<string, unknown> = {};
    cycle.self = [cycle];
    expect(() =>
      encodeStateToStore(Object.assign(new Thing(), { cycle }), registry, refOf),
    ).toThrow('a circular reference cannot be stored');
  });
});
