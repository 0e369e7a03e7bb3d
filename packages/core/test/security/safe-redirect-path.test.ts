import { safeRedirectPath } from '@zoa/core/security';

const FALLBACK = '/manage_main';

describe('safeRedirectPath', () => {
  it.each([
    '/',
    '/docs/',
    '/docs/page?x=1&y=2#top',
    '/a%2F%2Fb',
    '/%5Cevil.com',
    '/@evil.com',
    '/./x',
    '/Zoë',
  ])('M-16: keeps the same-origin path %j', (path) => {
    expect(safeRedirectPath(path, FALLBACK)).toBe(path);
  });

  it.each([
    ['protocol-relative', '//evil.com'],
    ['protocol-relative with path', '//evil.com/manage_main'],
    ['backslash', '/\\evil.com'],
    ['two backslashes', '\\\\evil.com'],
    ['backslash later', '/docs\\..\\..\\evil'],
    ['absolute http', 'http://evil.com/'],
    ['absolute https', 'https://evil.com'],
    ['scheme-relative javascript', 'javascript:alert(1)'],
    ['data URL', 'data:text/html,<script>alert(1)</script>'],
    ['no leading slash', 'evil.com'],
    ['dot segments resolving to //', '/..//evil.com'],
    ['encoded dot segments resolving to //', '/%2e%2e//evil.com'],
    ['tab inside //', '/\t/evil.com'],
    ['newline inside //', '/\n/evil.com'],
    ['CR', '/\r/evil.com'],
    ['NUL', '/docs\u0000'],
    ['C1 control', '/docs\u0085'],
    ['space', '/ /evil.com'],
    ['line separator', '/\u2028/evil.com'],
    ['empty', ''],
    ['too long', `/${'a'.repeat(2048)}`],
  ])('M-16: refuses %s (%j)', (_label, value) => {
    expect(safeRedirectPath(value, FALLBACK)).toBe(FALLBACK);
  });

  it.each([undefined, null, 42, ['/docs']])('M-16: refuses a non-string %j', (value) => {
    expect(safeRedirectPath(value, FALLBACK)).toBe(FALLBACK);
  });

  it('accepts an absolute URL on the site origin and returns its path', () => {
    expect(safeRedirectPath('https://example.com/docs/', FALLBACK, 'https://example.com')).toBe(
      '/docs/',
    );
    expect(safeRedirectPath('https://example.com.evil.com/', FALLBACK, 'https://example.com')).toBe(
      FALLBACK,
    );
    expect(safeRedirectPath('https://example.com//evil.com', FALLBACK, 'https://example.com')).toBe(
      FALLBACK,
    );
  });
});
