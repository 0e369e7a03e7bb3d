import { BadRequestError } from '@zoa/core';
import { coercePropertyValue, isPropertyType, PROPERTY_TYPES } from '@zoa/core/tree';
import type { PropertyDefinition, PropertyType } from '@zoa/core/tree';

const def = (type: PropertyType, options?: string[]): PropertyDefinition => ({
  id: 'p',
  type,
  ...(options ? { options } : {}),
});

describe('coercePropertyValue', () => {
  it.each<[PropertyType, unknown, unknown]>([
    ['string', 'hello', 'hello'],
    ['string', undefined, ''],
    ['text', 'a\r\nb\rc', 'a\nb\nc'],
    ['int', ' 42 ', 42],
    ['int', '-7', -7],
    ['int', 12, 12],
    ['float', '3.5', 3.5],
    ['float', '-1e3', -1000],
    ['float', 2, 2],
    ['boolean', 'on', true],
    ['boolean', 'TRUE', true],
    ['boolean', '1', true],
    ['boolean', '', false],
    ['boolean', 'off', false],
    ['boolean', undefined, false],
    ['boolean', false, false],
    ['date', '', null],
    ['lines', 'a\nb\r\nc\n', ['a', 'b', 'c']],
    ['lines', ['x', 'y'], ['x', 'y']],
    ['lines', undefined, []],
    ['tokens', ' a  b\tc ', ['a', 'b', 'c']],
    ['tokens', ['a b', 'c'], ['a', 'b', 'c']],
    ['multiple selection', undefined, []],
  ])('converts %s %j to %j', (type, raw, expected) => {
    expect(coercePropertyValue(def(type), raw)).toEqual(expected);
  });

  it('parses dates, times with offsets, and times without one as UTC', () => {
    expect(coercePropertyValue(def('date'), '2026-11-26')).toEqual(
      new Date('2026-11-26T00:00:00Z'),
    );
    expect(coercePropertyValue(def('date'), '2026-11-26T10:30')).toEqual(
      new Date('2026-11-26T10:30:00Z'),
    );
    expect(coercePropertyValue(def('date'), '2026-11-26 10:30:15+01:00')).toEqual(
      new Date('2026-11-26T09:30:15Z'),
    );
    const when = new Date('2020-01-01T00:00:00Z');
    const copy = coercePropertyValue(def('date'), when);
    expect(copy).toEqual(when);
    expect(copy).not.toBe(when);
  });

  it('checks selections against their options', () => {
    expect(coercePropertyValue(def('selection', ['red', 'blue']), 'red')).toBe('red');
    expect(coercePropertyValue(def('multiple selection', ['a', 'b', 'c']), ['c', 'a'])).toEqual([
      'c',
      'a',
    ]);
    expect(coercePropertyValue(def('multiple selection', ['a']), 'a')).toEqual(['a']);
    expect(() => coercePropertyValue(def('selection', ['red']), 'green')).toThrow(
      'must be one of "red"',
    );
    expect(() => coercePropertyValue(def('multiple selection', ['a']), ['a', 'z'])).toThrow(
      BadRequestError,
    );
    expect(() => coercePropertyValue(def('selection'), undefined)).toThrow('a choice is expected');
  });

  it.each<[PropertyType, unknown, string]>([
    ['int', '4.5', 'a whole number is expected'],
    ['int', 'abc', 'a whole number is expected'],
    ['int', '', 'a whole number is expected'],
    ['int', '99999999999999999999', 'a whole number is expected'],
    ['int', 1.5, 'a whole number is expected'],
    ['float', 'NaN', 'a number is expected'],
    ['float', 'Infinity', 'a number is expected'],
    ['float', '', 'a number is expected'],
    ['boolean', 'maybe', 'true or false is expected'],
    ['date', '26/11/2026', 'a date such as'],
    ['date', '2026-13-45', 'the date is not valid'],
    ['string', ['a', 'b'], 'a single text value is expected'],
    ['string', 5, 'a single text value is expected'],
    ['lines', [1, 2], 'a list of text values is expected'],
    ['string', { toString: 'x' }, 'a single text value is expected'],
  ])('refuses %s %j with a 400', (type, raw, message) => {
    let caught: unknown;
    try {
      coercePropertyValue(def(type), raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadRequestError);
    expect((caught as BadRequestError).status).toBe(400);
    expect((caught as Error).message).toContain(`Invalid value for the property "p" (${type})`);
    expect((caught as Error).message).toContain(message);
  });

  it('escapes the property id in messages', () => {
    expect(() => coercePropertyValue({ id: '<i>', type: 'int' }, 'x')).toThrow('"&lt;i&gt;"');
  });
});

describe('isPropertyType', () => {
  it('knows the ten Zope types', () => {
    expect(PROPERTY_TYPES).toHaveLength(10);
    expect(PROPERTY_TYPES.every(isPropertyType)).toBe(true);
    expect(isPropertyType('object')).toBe(false);
    expect(isPropertyType(undefined)).toBe(false);
  });
});
