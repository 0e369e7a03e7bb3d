import { BadRequestError } from '@zoa/core';
import { checkContentType } from '@zoa/core/tree';

describe('checkContentType', () => {
  it.each([
    'text/html',
    'text/html; charset=utf-8',
    'image/svg+xml',
    'application/vnd.ms-excel',
    'a/b; x="y z"',
  ])('accepts %j', (type) => expect(checkContentType(type)).toBe(type));

  it.each([
    '',
    'html',
    'text/html\r\nX-Evil: 1',
    'text/html; charset',
    '<b>/x',
    `text/${'x'.repeat(300)}`,
  ])('refuses %j', (type) => expect(() => checkContentType(type)).toThrow(BadRequestError));
});
