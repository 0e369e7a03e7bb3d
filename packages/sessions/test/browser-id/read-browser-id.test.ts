import { newBrowserId, readCookieBrowserId } from '@zoa/sessions';

const ID = newBrowserId();

describe('readCookieBrowserId', () => {
  it('finds the id among other cookies, with or without spaces', () => {
    expect(readCookieBrowserId(`_ZopeId=${ID}`, '_ZopeId')).toBe(ID);
    expect(readCookieBrowserId(`a=1; _ZopeId=${ID}; b=2`, '_ZopeId')).toBe(ID);
    expect(readCookieBrowserId(`a=1;_ZopeId=${ID}`, '_ZopeId')).toBe(ID);
  });

  it('does not take a cookie whose name merely ends or starts with the name', () => {
    expect(readCookieBrowserId(`x_ZopeId=${ID}`, '_ZopeId')).toBeUndefined();
    expect(readCookieBrowserId(`_ZopeIdx=${ID}`, '_ZopeId')).toBeUndefined();
  });

  it.each<[string, string]>([
    ['a duplicated name', `_ZopeId=${ID}; _ZopeId=${newBrowserId()}`],
    ['a duplicated name with the same value', `_ZopeId=${ID}; _ZopeId=${ID}`],
    ['a quoted value', `_ZopeId="${ID}"`],
    ['a percent-encoded NUL', `_ZopeId=${ID.slice(3)}%00`],
    ['an encoded CR/LF', `_ZopeId=${ID.slice(6)}%0d%0a`],
    ['a 10 KB value', `_ZopeId=${'a'.repeat(10_240)}`],
    ['an empty value', '_ZopeId='],
    ['no header', ''],
  ])('refuses %s (S-09)', (_what, header) => {
    expect(readCookieBrowserId(header, '_ZopeId')).toBeUndefined();
  });
});
