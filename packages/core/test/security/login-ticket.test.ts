import Keygrip from 'keygrip';
import { createSigner, decodeLoginTicket, encodeLoginTicket } from '@zoa/core/security';
import type { LoginTicket } from '@zoa/core/security';

const OLD_KEY = 'old-key-0123456789abcdef0123456789abcdef';
const NEW_KEY = 'new-key-0123456789abcdef0123456789abcdef';
const ticket: LoginTicket = {
  name: 'alice',
  issuedAt: 1_700_000_000_000,
  nonce: 'AAAAAAAAAAAAAAAAAAAAAA',
  version: 3,
};

describe('encodeLoginTicket / decodeLoginTicket', () => {
  it('round-trips a signed ticket', () => {
    const signer = createSigner([NEW_KEY]);
    const value = encodeLoginTicket(ticket, signer, '__ac');
    expect(value).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(decodeLoginTicket(value, signer, '__ac')).toEqual(ticket);
  });

  it('keeps any user name intact', () => {
    const signer = createSigner([NEW_KEY]);
    const odd = { ...ticket, name: 'Zoë.Müller@example.com' };
    expect(decodeLoginTicket(encodeLoginTicket(odd, signer, '__ac'), signer, '__ac')).toEqual(odd);
  });

  it('refuses a tampered payload or signature', () => {
    const signer = createSigner([NEW_KEY]);
    const value = encodeLoginTicket(ticket, signer, '__ac');
    const [payload, signature] = value.split('.') as [string, string];
    const forged = Buffer.from(
      JSON.stringify([1, 'admin', ticket.issuedAt, ticket.nonce, 3]),
    ).toString('base64url');
    expect(decodeLoginTicket(`${forged}.${signature}`, signer, '__ac')).toBeUndefined();
    expect(decodeLoginTicket(`${payload}.${signature.slice(1)}A`, signer, '__ac')).toBeUndefined();
    expect(decodeLoginTicket(payload, signer, '__ac')).toBeUndefined();
  });

  it('refuses a value signed for another cookie name', () => {
    const signer = createSigner([NEW_KEY]);
    expect(
      decodeLoginTicket(encodeLoginTicket(ticket, signer, '__ac_csrf'), signer, '__ac'),
    ).toBeUndefined();
  });

  it('rotates keys: signs with the first key, accepts all, refuses dropped ones', () => {
    const before = createSigner([OLD_KEY]);
    const during = createSigner([NEW_KEY, OLD_KEY]);
    const after = createSigner([NEW_KEY]);
    const oldValue = encodeLoginTicket(ticket, before, '__ac');
    expect(decodeLoginTicket(oldValue, during, '__ac')).toEqual(ticket);
    const newValue = encodeLoginTicket(ticket, during, '__ac');
    expect(decodeLoginTicket(newValue, after, '__ac')).toEqual(ticket);
    expect(decodeLoginTicket(oldValue, after, '__ac')).toBeUndefined();
  });

  it('signs with HMAC-SHA256', () => {
    const signer = createSigner([NEW_KEY]);
    const value = encodeLoginTicket(ticket, signer, '__ac');
    const [payload, signature] = value.split('.') as [string, string];
    expect(new Keygrip([NEW_KEY], 'sha256').verify(`__ac=${payload}`, signature)).toBe(true);
    expect(new Keygrip([NEW_KEY], 'sha1').verify(`__ac=${payload}`, signature)).toBe(false);
  });

  it.each([
    ['JSON that is not a ticket', JSON.stringify({ name: 'x' })],
    ['a wrong format version', JSON.stringify([2, 'a', 1, 'n', 0])],
    ['a non-integer time', JSON.stringify([1, 'a', 1.5, 'nonce', 0])],
    ['an empty name', JSON.stringify([1, '', 1, 'nonce', 0])],
    ['not JSON', '{oops'],
  ])('refuses a signed payload with %s', (_label, json) => {
    const signer = createSigner([NEW_KEY]);
    const payload = Buffer.from(json).toString('base64url');
    expect(
      decodeLoginTicket(`${payload}.${signer.sign(`__ac=${payload}`)}`, signer, '__ac'),
    ).toBeUndefined();
  });

  it('refuses overlong values without verifying them', () => {
    expect(decodeLoginTicket('a'.repeat(5000), createSigner([NEW_KEY]), '__ac')).toBeUndefined();
  });
});

describe('createSigner', () => {
  it.each([[[]], [['short']], [[42 as unknown as string]]])('refuses keys %j', (keys) => {
    expect(() => createSigner(keys)).toThrow(TypeError);
  });
});
