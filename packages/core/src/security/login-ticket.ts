import { randomBytes } from 'node:crypto';
import Keygrip from 'keygrip';

/** What the login cookie carries: who, when, which login, and the user's ticket version. */
export interface LoginTicket {
  /** The user name. */
  readonly name: string;
  /** When the ticket was issued (ms since the epoch). */
  readonly issuedAt: number;
  /** 16 random bytes (base64url) naming this login; CSRF tokens are bound to it. */
  readonly nonce: string;
  /** The user's `ticketVersion` at login; bumping it revokes the ticket. */
  readonly version: number;
}

const FORMAT = 1;
const MAX_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * A `Keygrip` over `keys` with HMAC-SHA256: signs with the first key and accepts every key,
 * so keys rotate by putting a new one first and dropping the oldest later.
 *
 * @throws TypeError unless `keys` is a non-empty list of strings of at least 32 characters
 * @example
 * ```ts
 * const signer = createSigner([process.env.ZOA_KEY_NEW!, process.env.ZOA_KEY_OLD!]);
 * ```
 */
export function createSigner(keys: readonly string[]): Keygrip {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new TypeError('security: keys must be a non-empty list of secret strings');
  }
  for (const key of keys) {
    if (typeof key !== 'string' || key.length < 32) {
      throw new TypeError('security: every key must be a string of at least 32 characters');
    }
  }
  return new Keygrip([...keys], 'sha256');
}

/** A new random ticket nonce (16 bytes, base64url). */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Writes a ticket as a cookie value, `<payload>.<signature>`: the payload is base64url JSON, the
 * signature an HMAC of `<cookieName>=<payload>` with the signer's first key (so a value made for
 * one cookie is refused in another).
 *
 * @example
 * ```ts
 * const value = encodeLoginTicket(ticket, signer, '__ac');
 * decodeLoginTicket(value, signer, '__ac'); // the same ticket
 * ```
 */
export function encodeLoginTicket(
  ticket: LoginTicket,
  signer: Keygrip,
  cookieName: string,
): string {
  const { name, issuedAt, nonce, version } = ticket;
  const payload = Buffer.from(JSON.stringify([FORMAT, name, issuedAt, nonce, version])).toString(
    'base64url',
  );
  return `${payload}.${signer.sign(`${cookieName}=${payload}`)}`;
}

/**
 * Reads a cookie value written by {@link encodeLoginTicket}: undefined unless it is well formed
 * and signed with one of the signer's keys (checked in constant time). Expiry and revocation are
 * the caller's checks.
 */
export function decodeLoginTicket(
  value: string | undefined,
  signer: Keygrip,
  cookieName: string,
): LoginTicket | undefined {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return undefined;
  const dot = value.indexOf('.');
  const payload = value.slice(0, dot);
  const signature = value.slice(dot + 1);
  if (dot < 1 || !BASE64URL.test(payload) || !BASE64URL.test(signature)) return undefined;
  if (!signer.verify(`${cookieName}=${payload}`, signature)) return undefined;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(fields) || fields.length !== 5 || fields[0] !== FORMAT) return undefined;
  const [, name, issuedAt, nonce, version] = fields as unknown[];
  if (
    typeof name !== 'string' ||
    name === '' ||
    typeof nonce !== 'string' ||
    !BASE64URL.test(nonce)
  ) {
    return undefined;
  }
  if (!Number.isSafeInteger(issuedAt) || !Number.isSafeInteger(version)) return undefined;
  return { name, issuedAt: issuedAt as number, nonce, version: version as number };
}
