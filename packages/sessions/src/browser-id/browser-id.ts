import { randomBytes } from 'node:crypto';

/** Characters in a browser id: 32 random bytes in base64url, without padding (S-01). */
export const BROWSER_ID_LENGTH = 43;

const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;

/**
 * Makes a new browser id: 32 bytes (256 bits) from the operating system's CSPRNG
 * (`crypto.randomBytes`), base64url-encoded to 43 characters. No clock, counter or
 * `Math.random` goes into it (S-01, S-02), so ids cannot be guessed from one another.
 *
 * @example
 * ```ts
 * newBrowserId(); // 'mT2pXc0...' (43 characters of A-Z a-z 0-9 - _)
 * ```
 */
export function newBrowserId(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * True when `value` has the shape of a browser id: a string of exactly 43 base64url characters.
 * Everything a client may send instead — another length or alphabet, `%00`, CR/LF, 10 KB of
 * data, a list — is refused here, before any store lookup (S-09).
 *
 * @example
 * ```ts
 * isWellFormedBrowserId(newBrowserId()); // true
 * isWellFormedBrowserId('12345678A0C3EHnUi90w'); // false (a Zope id)
 * ```
 */
export function isWellFormedBrowserId(value: unknown): value is string {
  return typeof value === 'string' && value.length === BROWSER_ID_LENGTH && WELL_FORMED.test(value);
}
