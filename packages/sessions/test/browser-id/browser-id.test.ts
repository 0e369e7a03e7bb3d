import { BROWSER_ID_LENGTH, isWellFormedBrowserId, newBrowserId } from '@zoa/sessions';

describe('newBrowserId', () => {
  it('makes 43 base64url characters of CSPRNG output, never repeating (S-01, S-02)', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newBrowserId()));
    expect(ids.size).toBe(10_000);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(id).toHaveLength(BROWSER_ID_LENGTH);
    }
  });

  it('carries 256 bits: every character position takes many values (no clock or counter inside)', () => {
    const ids = Array.from({ length: 2_000 }, () => newBrowserId());
    for (let position = 0; position < 42; position += 1) {
      const seen = new Set(ids.map((id) => id[position]));
      expect(seen.size).toBeGreaterThan(50); // 64 possible; a timestamp prefix would give 1-2
    }
  });

  it('never uses Math.random', () => {
    const spy = jest.spyOn(Math, 'random');
    newBrowserId();
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('isWellFormedBrowserId', () => {
  it.each<[string, unknown]>([
    ['a Zope id', '12345678A0C3EHnUi90w'],
    ['one character short', 'a'.repeat(42)],
    ['one character long', 'a'.repeat(44)],
    ['base64 padding and alphabet', `${'a'.repeat(41)}+=`],
    ['a NUL', `${'a'.repeat(42)}\0`],
    ['CR/LF', `${'a'.repeat(41)}\r\n`],
    ['a percent escape', `%00${'a'.repeat(40)}`],
    ['10 KB', 'a'.repeat(10_240)],
    ['a list', ['a'.repeat(43)]],
    ['a number', 42],
    ['undefined', undefined],
  ])('refuses %s (S-09)', (_what, value) => {
    expect(isWellFormedBrowserId(value)).toBe(false);
  });

  it('accepts a new id', () => {
    expect(isWellFormedBrowserId(newBrowserId())).toBe(true);
  });
});
