import { createHmac, randomBytes } from 'node:crypto';

const KEY = randomBytes(32);

/**
 * What the ZMI shows for a browser id (S-23: ids never appear in pages or logs): a keyed hash,
 * 12 base64url characters of an HMAC-SHA256 under a key made for this process — the same id
 * shows the same way until a restart, and nothing shown leads back to the id.
 *
 * @example
 * ```ts
 * displayKey(browserId); // 'q3Vb2m9X-kzT'
 * ```
 */
export function displayKey(browserId: string): string {
  return createHmac('sha256', KEY).update(browserId).digest('base64url').slice(0, 12);
}
