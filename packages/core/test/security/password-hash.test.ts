import crypto from 'node:crypto';
import {
  checkScryptParameters,
  dummyPasswordHash,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  needsRehash,
  OWASP_SCRYPT_PARAMETERS,
  parsePasswordHash,
  scryptMemory,
  verifyPassword,
} from '@zoa/core/security';

const FAST = { N: 1024, r: 8, p: 1 };

describe('hashPassword / verifyPassword', () => {
  it('M-19: round-trips a password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery staple', FAST);
    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapler', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('M-19: encodes the parameters, a 16-byte salt and a 32-byte hash as scrypt$N$r$p$salt$hash', async () => {
    const stored = await hashPassword('secret password', FAST);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    const parsed = parsePasswordHash(stored);
    expect(parsed).toMatchObject({ N: 1024, r: 8, p: 1 });
    expect(parsed?.salt).toHaveLength(16);
    expect(parsed?.hash).toHaveLength(32);
  });

  it('M-19: uses a new random salt for every hash of the same password', async () => {
    const a = await hashPassword('same password', FAST);
    const b = await hashPassword('same password', FAST);
    expect(a).not.toBe(b);
    expect(parsePasswordHash(a)?.salt.equals(parsePasswordHash(b)?.salt as Buffer)).toBe(false);
  });

  it('M-19: hashes with OWASP parameters by default (N=2^17, r=8, p=1) within maxmem', async () => {
    expect(OWASP_SCRYPT_PARAMETERS).toEqual({ N: 131072, r: 8, p: 1 });
    // Node's default maxmem (32 MiB) is below the 128 MiB these parameters need
    expect(scryptMemory(OWASP_SCRYPT_PARAMETERS)).toBeGreaterThan(128 * 1024 * 1024);
    const stored = await hashPassword('a real password');
    expect(stored.startsWith('scrypt$131072$8$1$')).toBe(true);
    await expect(verifyPassword('a real password', stored)).resolves.toBe(true);
  }, 60_000);

  it('verifies with the parameters stored in the hash, so old hashes keep working', async () => {
    const old = await hashPassword('old password', { N: 512, r: 4, p: 1 });
    await expect(verifyPassword('old password', old)).resolves.toBe(true);
    expect(needsRehash(old, FAST)).toBe(true);
    expect(needsRehash(await hashPassword('x-password', FAST), FAST)).toBe(false);
  });

  it('M-20: compares with timingSafeEqual', async () => {
    const stored = await hashPassword('constant time', FAST);
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      await verifyPassword('constant timf', stored);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('normalizes passwords to NFC, so composed and decomposed forms match', async () => {
    const stored = await hashPassword('caf\u00e9 au lait', FAST);
    await expect(verifyPassword('cafe\u0301 au lait', stored)).resolves.toBe(true);
  });

  it.each([
    ['empty', ''],
    ['another scheme', 'bcrypt$2b$10$abc'],
    ['missing parts', 'scrypt$1024$8$1$c2FsdA'],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g'],
    ['N too large (memory exhaustion)', `scrypt$${2 ** 24}$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA`],
    ['bad base64', 'scrypt$1024$8$1$c2Fs+dA$aGFzaGhhc2hoYXNoaGFzaA'],
    ['hash too short', 'scrypt$1024$8$1$c2FsdA$aGFzaA'],
  ])('never matches a malformed stored hash (%s)', async (_label, encoded) => {
    expect(parsePasswordHash(encoded)).toBeUndefined();
    await expect(verifyPassword('anything', encoded)).resolves.toBe(false);
  });

  it('never matches a password longer than MAX_PASSWORD_LENGTH', async () => {
    const long = 'x'.repeat(MAX_PASSWORD_LENGTH + 1);
    const stored = await hashPassword(long, FAST);
    await expect(verifyPassword(long, stored)).resolves.toBe(false);
  });

  it.each([
    { N: 1000, r: 8, p: 1 },
    { N: 1024, r: 0, p: 1 },
    { N: 1024, r: 8, p: 17 },
    { N: 2 ** 21, r: 8, p: 1 },
  ])('refuses bad parameters %j', (params) => {
    expect(() => checkScryptParameters(params)).toThrow(TypeError);
  });
});

describe('dummyPasswordHash', () => {
  it('M-20: is a well-formed hash with the given parameters that no password matches', async () => {
    const dummy = dummyPasswordHash(FAST);
    expect(parsePasswordHash(dummy)).toMatchObject(FAST);
    expect(dummyPasswordHash(FAST)).toBe(dummy);
    await expect(verifyPassword('', dummy)).resolves.toBe(false);
    await expect(verifyPassword('password', dummy)).resolves.toBe(false);
  });

  it('M-20: costs one scrypt run, like a real verification', async () => {
    const spy = jest.spyOn(crypto, 'scrypt');
    try {
      await verifyPassword('guess', dummyPasswordHash(FAST));
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]?.[3]).toMatchObject(FAST);
    } finally {
      spy.mockRestore();
    }
  });
});
