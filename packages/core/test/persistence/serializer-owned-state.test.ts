// decodeOwnedState is internal (a connection decodes the states it parses with it): same module
// graph as the source, so the classes match.
import { inspect } from 'node:util';
import { ClassRegistry } from '../../src/persistence/class-registry';
import { Persistent } from '../../src/persistence/persistent';
import {
  decodeOwnedState,
  decodeState,
  encodeState,
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
