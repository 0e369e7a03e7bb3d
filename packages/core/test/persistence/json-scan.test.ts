// json-scan is internal (how a peek reads parts of a stored state): same module graph as the source.
import fc from 'fast-check';
import {
  compareStringAt,
  itemStart,
  memberStart,
  nextItemStart,
  parseValueAt,
  valueEnd,
} from '../../src/persistence/json-scan';

describe('json-scan', () => {
  const text = JSON.stringify({
    keys: ['a', 'b"]}', 'c\\'],
    values: { $lazy: [[1, { $lazy: { $ref: [7, 'Thing'] } }], 'x,y', null, -1.5e3, true] },
    'odd "name"': { nested: [[], {}] },
    next: null,
  });

  it('finds the members of an object, strings with quotes, brackets and commas included', () => {
    expect(parseValueAt(text, memberStart(text, 0, 'keys'))).toEqual(['a', 'b"]}', 'c\\']);
    expect(parseValueAt(text, memberStart(text, 0, 'next'))).toBeNull();
    expect(parseValueAt(text, memberStart(text, 0, 'odd "name"'))).toEqual({ nested: [[], {}] });
    expect(memberStart(text, 0, 'missing')).toBe(-1);
    expect(memberStart('{}', 0, 'keys')).toBe(-1);
  });

  it('finds the items of an array, and -1 past its end', () => {
    const values = memberStart(text, 0, 'values');
    const items = memberStart(text, values, '$lazy');
    const item = (index: number): unknown => parseValueAt(text, itemStart(text, items, index));
    expect(item(0)).toEqual([1, { $lazy: { $ref: [7, 'Thing'] } }]);
    expect(item(1)).toBe('x,y');
    expect(item(2)).toBeNull();
    expect(item(3)).toBe(-1500);
    expect(item(4)).toBe(true);
    expect(itemStart(text, items, 5)).toBe(-1);
    expect(itemStart('[]', 0, 0)).toBe(-1);
  });

  it('allows whitespace between the parts', () => {
    const spaced = '{ "a" : [ 1 , { "b" : "]" } ] ,\n "c" : 2 }';
    const a = memberStart(spaced, 0, 'a');
    expect(parseValueAt(spaced, itemStart(spaced, a, 1))).toEqual({ b: ']' });
    expect(parseValueAt(spaced, memberStart(spaced, 0, 'c'))).toBe(2);
  });

  it('finds every member and item of any JSON value as JSON.parse reads them', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const json = JSON.stringify(record);
        expect(valueEnd(json, 0)).toBe(json.length);
        for (const [name, value] of Object.entries(record)) {
          const at = memberStart(json, 0, name);
          expect(parseValueAt(json, at)).toEqual(JSON.parse(JSON.stringify(value)));
          if (Array.isArray(value)) {
            value.forEach((item, index) =>
              expect(parseValueAt(json, itemStart(json, at, index))).toEqual(
                JSON.parse(JSON.stringify(item)),
              ),
            );
            expect(itemStart(json, at, value.length)).toBe(-1);
          }
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('compares a JSON string in the text with a string as < does, escapes included', () => {
    const string = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 5 }),
      fc.constantFrom('a"', 'a\\', ''),
    );
    fc.assert(
      fc.property(string, string, (inText, value) => {
        const json = JSON.stringify(inText);
        const expected = inText < value ? -1 : inText > value ? 1 : 0;
        expect(Math.sign(compareStringAt(json, 0, json.length, value))).toBe(expected);
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  it('steps from one array item to the next, and -1 after the last', () => {
    const json = '[1, "a,]", {"b": [2]} ]';
    const first = itemStart(json, 0, 0);
    const second = nextItemStart(json, first);
    const third = nextItemStart(json, second);
    expect([first, second, third].map((at) => parseValueAt(json, at))).toEqual([
      1,
      'a,]',
      { b: [2] },
    ]);
    expect(nextItemStart(json, third)).toBe(-1);
  });

  it('throws a SyntaxError that says where, for text it cannot find its way in', () => {
    expect(() => memberStart('[1]', 0, 'a')).toThrow(/Malformed JSON at 0: expected "\{"/);
    expect(() => itemStart('{"a":1}', 0, 0)).toThrow(SyntaxError);
    expect(() => valueEnd('{"a":"open', 0)).toThrow(/end of a string/);
    expect(() => valueEnd('[1,2', 0)).toThrow(/end of the value at 0/);
    expect(() => memberStart('{"a" 1}', 0, 'b')).toThrow(/expected ":"/);
  });
});
