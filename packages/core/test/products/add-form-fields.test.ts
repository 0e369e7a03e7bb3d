import { BadRequestError } from '@zoa/core';
import { coerceAddFormValues } from '@zoa/core/products';
import type { AddFormField } from '@zoa/core/products';

const fields: AddFormField[] = [
  { name: 'title', label: 'Title', type: 'string', default: '' },
  { name: 'count', label: 'Count', type: 'int', required: true },
  { name: 'public', label: 'Public', type: 'boolean' },
  { name: 'color', label: 'Color', type: 'selection', options: ['red', 'blue'], default: 'red' },
  { name: 'upload', label: 'Upload', type: 'file' },
];

describe('coerceAddFormValues', () => {
  it('converts declared fields, applies defaults and reads nothing else', () => {
    const values = coerceAddFormValues(fields, {
      count: '3',
      public: 'on',
      upload: 'abc',
      extra: 'x',
    });
    expect({ ...values }).toEqual({
      title: '',
      count: 3,
      public: true,
      color: 'red',
      upload: Buffer.from('abc'),
    });
    expect(Object.getPrototypeOf(values)).toBeNull();
    expect(coerceAddFormValues(fields, new Map([['count', 1]])).count).toBe(1);
  });

  it('leaves an optional field without a default out', () => {
    expect('upload' in coerceAddFormValues(fields, { count: '1' })).toBe(false);
  });

  it('refuses a missing required field, a bad value and a non-file upload', () => {
    expect(() => coerceAddFormValues(fields, { count: '' })).toThrow(
      'The field "Count" is required.',
    );
    expect(() => coerceAddFormValues(fields, { count: 'x' })).toThrow(BadRequestError);
    expect(() => coerceAddFormValues(fields, { count: '1', color: 'green' })).toThrow(
      'must be one of',
    );
    expect(() => coerceAddFormValues(fields, { count: '1', upload: 5 })).toThrow(
      'must be a file upload',
    );
  });

  it('does not read inherited keys', () => {
    const input = Object.create({ count: '9' }) as Record<string, unknown>;
    expect(() => coerceAddFormValues(fields, input)).toThrow('is required');
  });
});
