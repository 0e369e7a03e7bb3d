import {
  Broken,
  BrokenValue,
  CannotStoreError,
  ClassRegistry,
  decodeState,
  encodeState,
  LazyReference,
  LazyReferences,
  Persistent,
  RefCell,
  referencesIn,
} from '@zoa/core/persistence';
import type { Oid } from '@zoa/core/persistence';

class Thing extends Persistent {
  [key: string]: unknown;
}

class Money {
  constructor(
    public amount = 0,
    public currency = 'EUR',
  ) {}
}

class Unregistered {
  x = 1;
}

function makeRegistry(): ClassRegistry {
  const registry = new ClassRegistry();
  registry.register('Thing', Thing);
  registry.register('Money', Money);
  return registry;
}

function roundTrip(values: Record<string, unknown>): Record<string, unknown> {
  const registry = makeRegistry();
  const thing = Object.assign(new Thing(), values);
  const { tree } = encodeState(thing, registry, (_obj) => new RefCell(7, 'Thing'));
  const json = JSON.stringify(tree);
  return decodeState(JSON.parse(json), registry, () => new Thing());
}

describe('encodeState / decodeState', () => {
  it('round-trips JSON values, Date, Map, Set, bytes, bigint, undefined and odd numbers', () => {
    const bytes = new Uint8Array([1, 2, 255]);
    const values = {
      text: 'héllo',
      n: 42.5,
      yes: true,
      nothing: null,
      list: [1, 'two', [3]],
      when: new Date('2026-11-26T10:00:00.000Z'),
      invalid: new Date(Number.NaN),
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, new Set(['x'])],
      ]),
      set: new Set([1, 2, 3]),
      bytes,
      buffer: Buffer.from('binary'),
      big: 12345678901234567890n,
      missing: undefined,
      nan: Number.NaN,
      inf: Number.NEGATIVE_INFINITY,
    };
    const back = roundTrip(values);
    expect(back.text).toBe('héllo');
    expect(back.list).toEqual([1, 'two', [3]]);
    expect(back.when).toEqual(values.when);
    expect(Number.isNaN((back.invalid as Date).getTime())).toBe(true);
    expect(back.map).toEqual(values.map);
    expect(back.set).toEqual(values.set);
    expect(back.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(back.bytes)).toBe(false);
    expect([...(back.bytes as Uint8Array)]).toEqual([1, 2, 255]);
    expect(Buffer.isBuffer(back.buffer)).toBe(true);
    expect((back.buffer as Buffer).toString()).toBe('binary');
    expect(back.big).toBe(12345678901234567890n);
    expect('missing' in back).toBe(true);
    expect(back.missing).toBeUndefined();
    expect(back.nan).toBeNaN();
    expect(back.inf).toBe(Number.NEGATIVE_INFINITY);
  });

  it('keeps plain objects whose keys look like tags', () => {
    const back = roundTrip({ tricky: { $ref: [1, 'Thing'], $date: 'x' }, other: { $map: 1 } });
    expect(back.tricky).toEqual({ $ref: [1, 'Thing'], $date: 'x' });
    expect(back.other).toEqual({ $map: 1 });
  });

  it('stores a __proto__ key as data without touching any prototype (T-15)', () => {
    const evil = JSON.parse('{"__proto__": {"polluted": 1}, "ok": 2}') as Record<string, unknown>;
    const back = roundTrip({ evil });
    const decoded = back.evil as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(decoded, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(decoded.ok).toBe(2);
  });

  it('round-trips top-level and value-class properties whose names start with $', () => {
    const back = roundTrip({ $price: 3, money: Object.assign(new Money(1), { $note: 'x' }) });
    expect(back.$price).toBe(3);
    expect(back).not.toHaveProperty('$obj');
    expect(back.money).toBeInstanceOf(Money);
    expect((back.money as Record<string, unknown>).$note).toBe('x');
  });

  it('round-trips instances of registered value classes', () => {
    const back = roundTrip({ price: new Money(5, 'USD') });
    expect(back.price).toBeInstanceOf(Money);
    expect(back.price).toEqual(new Money(5, 'USD'));
  });

  it('encodes persistent values as references by oid and class', () => {
    const registry = makeRegistry();
    const child = new Thing();
    const parent = Object.assign(new Thing(), { child, list: [child] });
    const seen: Persistent[] = [];
    const { className, tree } = encodeState(parent, registry, (obj) => {
      seen.push(obj);
      return new RefCell(9, 'Thing');
    });
    expect(className).toBe('Thing');
    const json = JSON.stringify(tree);
    expect(json).toBe('{"child":{"$ref":[9,"Thing"]},"list":[{"$ref":[9,"Thing"]}]}');
    expect(seen).toEqual([child, child]);
    expect(referencesIn(json)).toEqual([9, 9]);
    const resolved: Oid[] = [];
    const back = decodeState(JSON.parse(json), registry, (oid) => {
      resolved.push(oid);
      return child;
    });
    expect(back.child).toBe(child);
    expect(resolved).toEqual([9, 9]);
  });

  it.each([
    ['a function', { cb: () => 1 }, 'property "cb": a function cannot be stored'],
    ['a symbol', { deep: { s: Symbol('x') } }, 'property "deep.s": a symbol cannot be stored'],
    [
      'an unregistered class instance',
      { items: [new Unregistered()] },
      'property "items[0]": an instance of the unregistered class Unregistered cannot be stored',
    ],
    [
      'a function inside a Map',
      { m: new Map([['k', () => 1]]) },
      'property "m.get(k)": a function',
    ],
  ])('names the object and the property when the state holds %s', (_what, values, message) => {
    const thing = Object.assign(new Thing(), values);
    expect(() => encodeState(thing, makeRegistry(), () => new RefCell(1, 'Thing'))).toThrow(
      CannotStoreError,
    );
    expect(() => encodeState(thing, makeRegistry(), () => new RefCell(1, 'Thing'))).toThrow(
      `Cannot store Thing (unsaved), ${message}`,
    );
  });

  it('refuses a cycle of plain objects', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    const thing = Object.assign(new Thing(), { loop });
    expect(() => encodeState(thing, makeRegistry(), () => new RefCell(1, 'Thing'))).toThrow(
      'property "loop.self": a circular reference cannot be stored',
    );
  });

  it('refuses an object of an unregistered persistent class', () => {
    class Stray extends Persistent {}
    expect(() => encodeState(new Stray(), makeRegistry(), () => new RefCell(1, 'Thing'))).toThrow(
      /class Stray is not registered/,
    );
  });

  it('decodes the references a $lazy part holds directly as LazyReferences, resolved on use', () => {
    const registry = makeRegistry();
    const child = new Thing();
    const parent = Object.assign(new Thing(), {
      one: new LazyReferences(child),
      items: new LazyReferences([child, 3, [child]]),
    });
    const { tree } = encodeState(parent, registry, () => new RefCell(9, 'Thing'));
    const json = JSON.stringify(tree);
    expect(json).toBe(
      '{"one":{"$lazy":{"$ref":[9,"Thing"]}},' +
        '"items":{"$lazy":[{"$ref":[9,"Thing"]},3,[{"$ref":[9,"Thing"]}]]}}',
    );
    expect(referencesIn(json)).toEqual([9, 9, 9]);
    const resolved: Oid[] = [];
    const back = decodeState(JSON.parse(json), registry, (oid) => {
      resolved.push(oid);
      return child;
    });
    // only the reference nested deeper than the items was resolved while decoding
    expect(resolved).toEqual([9]);
    const [first, three, nested] = back.items as [LazyReference, number, Persistent[]];
    expect(back.one).toBeInstanceOf(LazyReference);
    expect(first).toBeInstanceOf(LazyReference);
    expect([first.oid, first.className, three, nested[0]]).toEqual([9, 'Thing', 3, child]);
    expect(first.resolve()).toBe(child);
    expect(resolved).toEqual([9, 9]);
  });

  it('encodes a LazyReference as a lazy one, through refOf with the object it resolves to', () => {
    const target = new Thing();
    const lazy = new LazyReference(4, 'Thing', () => target);
    const thing = Object.assign(new Thing(), { ref: lazy });
    const seen: Persistent[] = [];
    const { tree } = encodeState(thing, makeRegistry(), (obj) => {
      seen.push(obj);
      return new RefCell(11, 'Thing');
    });
    expect(JSON.stringify(tree)).toBe('{"ref":{"$lazy":{"$ref":[11,"Thing"]}}}');
    expect(seen).toEqual([target]);
  });

  it('writes a LazyReference its loader knows as loaded, without resolving it', () => {
    const resolver = jest.fn(() => new Thing());
    const own = new LazyReference(4, 'Thing', resolver);
    const foreign = new LazyReference(5, 'Thing', () => new Thing());
    const thing = Object.assign(new Thing(), { items: new LazyReferences([own, foreign]) });
    const refOf = jest.fn(() => new RefCell(12, 'Thing'));
    const { tree } = encodeState(thing, makeRegistry(), refOf, (lazy) =>
      lazy.isFrom(resolver) ? new RefCell(lazy.oid, lazy.className) : undefined,
    );
    expect(JSON.stringify(tree)).toBe(
      '{"items":{"$lazy":[{"$ref":[4,"Thing"]},{"$ref":[12,"Thing"]}]}}',
    );
    expect(resolver).not.toHaveBeenCalled(); // no ghost for the one written as loaded
    expect(refOf).toHaveBeenCalledTimes(1); // the foreign one goes through refOf, resolved
  });

  it('finds references with the decoder rules, not in user data that looks like one', () => {
    const registry = makeRegistry();
    const thing = Object.assign(new Thing(), {
      user: { $ref: [5, 'Thing'] },
      map: new Map([['k', new Thing()]]),
      money: new Money(1),
    });
    const { tree } = encodeState(thing, registry, () => new RefCell(8, 'Thing'));
    expect(referencesIn(JSON.stringify(tree))).toEqual([8]);
  });

  it('keeps a value of an unregistered value class as it was stored', () => {
    const stored = JSON.stringify({
      price: { $inst: 'Gone', state: { amount: 3, n: { $ref: [4, 'Thing'] } } },
    });
    const back = decodeState(JSON.parse(stored), makeRegistry(), () => new Thing());
    expect(back.price).toBeInstanceOf(BrokenValue);
    const thing = Object.assign(new Thing(), back);
    const { tree } = encodeState(thing, makeRegistry(), () => new RefCell(1, 'Thing'));
    expect(JSON.stringify(tree)).toBe(stored);
    expect(referencesIn(stored)).toEqual([4]);
  });

  it('writes a Broken object back as the class name it was read with', () => {
    const broken = Broken.of('Gone');
    broken.restore('{"a":1}');
    expect(encodeState(broken, makeRegistry(), () => new RefCell(1, 'X')).className).toBe('Gone');
  });
});
