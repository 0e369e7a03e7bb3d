import { CannotStoreError } from '@zoa/core';
import { copyJsonValue } from '@zoa/sessions';

describe('copyJsonValue', () => {
  it('returns a deep copy of a plain JSON-like value', () => {
    const value = { cart: [{ sku: 'a', qty: 2 }], note: null, ok: true, n: -1.5 };
    const copy = copyJsonValue(value, 'k');
    expect(copy).toEqual(value);
    expect(copy).not.toBe(value);
    expect((copy as { cart: unknown[] }).cart).not.toBe(value.cart);
  });

  it('accepts objects without a prototype and copies a __proto__ key as data', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.a = 1;
    const parsed = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(copyJsonValue(bare, 'k')).toEqual({ a: 1 });
    const copy = copyJsonValue(parsed, 'k') as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  });

  it('accepts a value shared twice (not a cycle)', () => {
    const shared = { a: 1 };
    expect(copyJsonValue([shared, shared], 'k')).toEqual([{ a: 1 }, { a: 1 }]);
  });

  it.each([
    [
      new Date(0),
      'an instance of Date is not a plain JSON value (store date.toISOString() or date.getTime())',
    ],
    [new Set([1]), 'an instance of Set is not a plain JSON value (store [...set])'],
    [Infinity, 'Infinity is not a JSON number'],
    [Symbol('s'), 'a symbol is not a JSON value'],
  ])('refuses %p with a CannotStoreError that says what to do', (value, what) => {
    expect(() => copyJsonValue(value, 'k')).toThrow(CannotStoreError);
    expect(() => copyJsonValue(value, 'k')).toThrow(
      `Cannot store the value of session key "k": ${what}. Session data holds plain JSON-like values only.`,
    );
  });

  it('names where in the value the problem is, holes in arrays included', () => {
    expect(() => copyJsonValue({ a: [1, undefined] }, 'k')).toThrow(/at k\.a\[1\]: undefined/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => copyJsonValue([1, , 3], 'k')).toThrow(/at k\[1\]/);
  });
});
