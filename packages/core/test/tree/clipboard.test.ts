import { BadRequestError } from '@zoa/core';
import {
  CLIPBOARD_COOKIE,
  decodeClipboard,
  encodeClipboard,
  isClipboard,
  MAX_CLIPBOARD_BYTES,
} from '@zoa/core/tree';

describe('encodeClipboard / decodeClipboard', () => {
  it('round-trips op and paths through a cookie-safe value', () => {
    const clipboard = { op: 'cut' as const, paths: ['/news/a', '/Café/ü b'] };
    const value = encodeClipboard(clipboard);
    expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeClipboard(value)).toEqual(clipboard);
    expect(CLIPBOARD_COOKIE).toBe('__cp');
  });

  it('refuses a clipboard that would not fit in 8 KB', () => {
    const paths = Array.from({ length: 400 }, (_, i) => `/folder/object-number-${i}`);
    expect(() => encodeClipboard({ op: 'copy', paths })).toThrow(BadRequestError);
    expect(encodeClipboard({ op: 'copy', paths: paths.slice(0, 100) }).length).toBeLessThanOrEqual(
      MAX_CLIPBOARD_BYTES,
    );
  });

  it.each([
    ['junk', 'not base64!'],
    ['too long', 'A'.repeat(MAX_CLIPBOARD_BYTES + 1)],
    ['not JSON', Buffer.from('{').toString('base64url')],
    [
      'a bad op',
      Buffer.from(JSON.stringify({ op: 'delete', paths: ['/a'] })).toString('base64url'),
    ],
    ['no paths', Buffer.from(JSON.stringify({ op: 'copy', paths: [] })).toString('base64url')],
    [
      'a relative path',
      Buffer.from(JSON.stringify({ op: 'copy', paths: ['a'] })).toString('base64url'),
    ],
    [
      'a non-string path',
      Buffer.from(JSON.stringify({ op: 'copy', paths: [1] })).toString('base64url'),
    ],
    [
      'a polluting value',
      Buffer.from('{"__proto__":{"x":1},"op":"copy","paths":["/a"]}').toString('base64url'),
    ],
  ])('refuses %s', (what, value) => {
    if (what === 'a polluting value') {
      expect(decodeClipboard(value)).toEqual({ op: 'copy', paths: ['/a'] });
      expect(({} as Record<string, unknown>).x).toBeUndefined();
      return;
    }
    expect(() => decodeClipboard(value)).toThrow('The clipboard data is invalid.');
  });

  it('recognizes clipboard values', () => {
    expect(isClipboard({ op: 'copy', paths: ['/a'] })).toBe(true);
    expect(isClipboard({ op: 'copy', paths: ['/'] })).toBe(false);
    expect(isClipboard(null)).toBe(false);
  });
});
