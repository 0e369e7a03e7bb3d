import { BadRequestError, UriTooLongError } from '@zoa/core';
import { parseUrlencoded } from '@zoa/core/publisher';

describe('parseUrlencoded', () => {
  it('decodes names and values once, with + as a space', () => {
    expect(parseUrlencoded('a=1&b=x+y&c=%2B%26&d&e=&%C3%A9=caf%C3%A9')).toEqual(
      new Map([
        ['a', '1'],
        ['b', 'x y'],
        ['c', '+&'],
        ['d', ''],
        ['e', ''],
        ['é', 'café'],
      ]),
    );
    expect(parseUrlencoded('a=%2525').get('a')).toBe('%25');
  });

  it('collects repeated keys into a list', () => {
    expect(parseUrlencoded('a=1&a=2&a=3').get('a')).toEqual(['1', '2', '3']);
  });

  it('skips empty pairs', () => {
    expect([...parseUrlencoded('&&a=1&&').keys()]).toEqual(['a']);
    expect(parseUrlencoded('').size).toBe(0);
  });

  it.each([
    '__proto__[x]=1',
    '__proto__.x=1',
    'constructor[prototype][x]=1',
    'constructor.prototype.x=1',
    'a[__proto__][x]=1',
    '__proto__=x',
    'a[b][c]=1',
    'a.b=1',
  ])('T-15 keeps %s flat and pollutes nothing', (text) => {
    const fields = parseUrlencoded(text);
    expect(fields.size).toBe(1);
    const [key] = [...fields.keys()];
    expect(text.startsWith(key as string)).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it.each(['a=%', 'a=%zz', '%C0%AE=1', 'a=%ED%A0%80'])('answers 400 for %s', (text) => {
    expect(() => parseUrlencoded(text)).toThrow(BadRequestError);
  });

  it('throws the given error past maxFields', () => {
    const text = Array.from({ length: 11 }, (_, i) => `f${i}=1`).join('&');
    expect(parseUrlencoded(text, { maxFields: 11 }).size).toBe(11);
    expect(() => parseUrlencoded(text, { maxFields: 10 })).toThrow(BadRequestError);
    expect(() =>
      parseUrlencoded(text, { maxFields: 10, tooMany: () => new UriTooLongError() }),
    ).toThrow(UriTooLongError);
  });
});
