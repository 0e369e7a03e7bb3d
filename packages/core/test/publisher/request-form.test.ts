import { BadRequestError } from '@zoa/core';
import { RequestForm } from '@zoa/core/publisher';

describe('RequestForm', () => {
  const form = RequestForm.fromEntries([
    ['title', 'Hello'],
    ['ids', ['1', '2']],
    ['count', 3],
    ['flag', true],
    ['nested', Object.assign(Object.create(null) as object, { a: 1 })],
    ['mixed', ['a', 1]],
    ['empty', ''],
  ]);

  it('returns one string when the field was sent once', () => {
    expect(form.getString('title')).toBe('Hello');
    expect(form.getString('empty')).toBe('');
    expect(form.getString('missing')).toBeUndefined();
    expect(form.requireString('title')).toBe('Hello');
  });

  it('returns every value with getAll when the field was repeated or sent once', () => {
    expect(form.getAll('ids')).toEqual(['1', '2']);
    expect(form.getAll('title')).toEqual(['Hello']);
    expect(form.getAll('missing')).toEqual([]);
  });

  it.each(['ids', 'count', 'flag', 'nested', 'mixed'])(
    'T-19 answers 400 from getString when %s is not a single string',
    (name) => {
      expect(() => form.getString(name)).toThrow(BadRequestError);
    },
  );

  it.each(['count', 'flag', 'nested', 'mixed'])(
    'T-19 answers 400 from getAll when %s holds non-strings',
    (name) => {
      expect(() => form.getAll(name)).toThrow(BadRequestError);
    },
  );

  it('answers 400 from requireString when the field is missing', () => {
    expect(() => form.requireString('missing')).toThrow(/is required/);
  });

  it('keeps field names as Map keys, so __proto__ is an ordinary field', () => {
    const tricky = RequestForm.fromEntries([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
    expect(tricky.getString('__proto__')).toBe('x');
    expect(tricky.keys()).toEqual(['__proto__', 'constructor']);
    expect(RequestForm.EMPTY.getString('toString')).toBeUndefined();
    expect(RequestForm.EMPTY.has('hasOwnProperty')).toBe(false);
  });

  it('shortens long field names in error messages', () => {
    const long = 'n'.repeat(500);
    const bad = RequestForm.fromEntries([[long, ['a', 'b']]]);
    expect(() => bad.getString(long)).toThrow(/^Field "n{64}…" must have a single value$/);
  });
});
