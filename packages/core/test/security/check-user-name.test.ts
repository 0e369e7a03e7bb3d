import { BadRequestError } from '@zoa/core';
import { checkPassword, checkUserName } from '@zoa/core/security';

describe('checkUserName', () => {
  it.each(['admin', 'alice.smith', 'bob@example.com', 'Zoë Müller', 'user_1-2+3', '名前'])(
    'accepts %s',
    (name) => {
      expect(checkUserName(name)).toBe(name);
    },
  );

  it('normalizes to NFC', () => {
    expect(checkUserName('Zoe\u0308')).toBe('Zo\u00eb');
  });

  it.each([
    ['', 'A user name is required'],
    ['bob:secret', 'contains one of the characters'],
    ['<script>alert(1)</script>', 'contains one of the characters'],
    ['a/b', 'contains one of the characters'],
    ['a\\b', 'contains one of the characters'],
    ['"quoted"', 'contains one of the characters'],
    ['tab\there', 'contains control or invisible characters'],
    ['line\nbreak', 'contains control or invisible characters'],
    ['nul\u0000', 'contains control or invisible characters'],
    ['zero\u200bwidth', 'contains control or invisible characters'],
    ['bidi\u202eevil', 'contains control or invisible characters'],
    ['lone\ud800surrogate', 'contains control or invisible characters'],
    [' padded', 'starts or ends with white space'],
    ['padded ', 'starts or ends with white space'],
    ['x'.repeat(101), 'is longer than 100 characters'],
  ])('answers 400 for %j', (name, message) => {
    let error: unknown;
    try {
      checkUserName(name);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).status).toBe(400);
    expect((error as Error).message).toContain(message);
  });

  it('quotes, escapes and shortens the name in the message', () => {
    expect(() => checkUserName('evil\n<b>' + 'x'.repeat(80))).toThrow(
      /^The user name "evil\\n<b>x{56}…" contains control/,
    );
  });

  it('answers 400 for a name that is not a string', () => {
    expect(() => checkUserName(42)).toThrow(BadRequestError);
  });
});

describe('checkPassword', () => {
  it('accepts 8 to 1024 characters, with no composition rule', () => {
    expect(checkPassword('abcdefgh')).toBe('abcdefgh');
    expect(checkPassword('p'.repeat(1024))).toHaveLength(1024);
  });

  it.each([undefined, '', 'short', 'x'.repeat(1025)])('answers 400 for %j', (password) => {
    expect(() => checkPassword(password)).toThrow(BadRequestError);
  });

  it('never puts the password in the message', () => {
    expect(() => checkPassword('secret')).toThrow(/^The password must have at least 8 characters$/);
  });
});
