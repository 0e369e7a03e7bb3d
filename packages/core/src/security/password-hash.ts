import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** Cost parameters of scrypt: CPU/memory cost `N` (a power of two), block size `r`, parallelism `p`. */
export interface ScryptParameters {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP's recommended scrypt parameters (Password Storage Cheat Sheet): N=2^17, r=8, p=1. */
export const OWASP_SCRYPT_PARAMETERS: ScryptParameters = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

/** A stored hash, taken apart by {@link parsePasswordHash}. */
export interface ParsedPasswordHash extends ScryptParameters {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

const SCHEME = 'scrypt';
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Upper bounds accepted from stored hashes, so a tampered record cannot exhaust memory. */
const MAX = { N: 2 ** 20, r: 32, p: 16 } as const;
/** Longest password hashed, in UTF-16 code units; longer ones never match. */
export const MAX_PASSWORD_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Checks scrypt parameters: `N` a power of two from 2 to 2^20, `r` 1..32, `p` 1..16.
 *
 * @throws TypeError for anything else
 */
export function checkScryptParameters(params: ScryptParameters): ScryptParameters {
  const { N, r, p } = params ?? ({} as ScryptParameters);
  const ok =
    Number.isInteger(N) &&
    N >= 2 &&
    N <= MAX.N &&
    (N & (N - 1)) === 0 &&
    Number.isInteger(r) &&
    r >= 1 &&
    r <= MAX.r &&
    Number.isInteger(p) &&
    p >= 1 &&
    p <= MAX.p;
  if (!ok) throw new TypeError(`Invalid scrypt parameters ${JSON.stringify({ N, r, p })}`);
  return Object.freeze({ N, r, p });
}

/**
 * The memory scrypt needs for these parameters, in bytes (`128·r·(N+p+2)`, OpenSSL's count); it
 * is passed as `maxmem`, since Node's default limit (32 MiB) is below OWASP's 128 MiB.
 */
export function scryptMemory(params: ScryptParameters): number {
  return 128 * params.r * (params.N + params.p + 2);
}

/**
 * Hashes a password with scrypt and a random 16-byte salt (M-19). The result carries its
 * parameters, `scrypt$N$r$p$salt$hash` (salt and hash in base64url), so that they can be raised
 * later without invalidating stored hashes. The password is NFC-normalized first.
 *
 * @throws TypeError for bad parameters or a password that is not a string
 * @example
 * ```ts
 * const stored = await hashPassword('correct horse battery staple');
 * // 'scrypt$131072$8$1$...$...'
 * await verifyPassword('correct horse battery staple', stored); // true
 * ```
 */
export async function hashPassword(
  password: string,
  params: ScryptParameters = OWASP_SCRYPT_PARAMETERS,
): Promise<string> {
  if (typeof password !== 'string')
    throw new TypeError('hashPassword: the password must be a string');
  const checked = checkScryptParameters(params);
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, checked);
  return formatPasswordHash({ ...checked, salt, hash });
}

/**
 * True when `password` matches the stored hash. The comparison is constant-time
 * (`timingSafeEqual`, M-20); a malformed stored hash never matches, and neither does a password
 * longer than {@link MAX_PASSWORD_LENGTH}.
 *
 * @example
 * ```ts
 * await verifyPassword(form.password, user.passwordHash);
 * ```
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parsePasswordHash(encoded);
  if (parsed === undefined || typeof password !== 'string') return false;
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  const candidate = await derive(password, parsed.salt, parsed, parsed.hash.length);
  return candidate.length === parsed.hash.length && timingSafeEqual(candidate, parsed.hash);
}

/** True when a stored hash was made with other parameters than `params` (rehash at next login). */
export function needsRehash(encoded: string, params: ScryptParameters): boolean {
  const parsed = parsePasswordHash(encoded);
  return (
    parsed === undefined || parsed.N !== params.N || parsed.r !== params.r || parsed.p !== params.p
  );
}

/** Takes a stored hash apart; undefined when it is not a well-formed scrypt hash within bounds. */
export function parsePasswordHash(encoded: string): ParsedPasswordHash | undefined {
  if (typeof encoded !== 'string' || encoded.length > 512) return undefined;
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== SCHEME) return undefined;
  const [N, r, p] = parts
    .slice(1, 4)
    .map((part) => (/^[1-9]\d{0,7}$/.test(part) ? Number(part) : NaN));
  const salt = parts[4] ?? '';
  const hash = parts[5] ?? '';
  if (!BASE64URL.test(salt) || !BASE64URL.test(hash)) return undefined;
  let params: ScryptParameters;
  try {
    params = checkScryptParameters({ N: N as number, r: r as number, p: p as number });
  } catch {
    return undefined;
  }
  const hashBytes = Buffer.from(hash, 'base64url');
  if (hashBytes.length < 16 || hashBytes.length > 64) return undefined;
  return { ...params, salt: Buffer.from(salt, 'base64url'), hash: hashBytes };
}

/** Writes a hash in the `scrypt$N$r$p$salt$hash` form. */
export function formatPasswordHash(parsed: ParsedPasswordHash): string {
  const { N, r, p, salt, hash } = parsed;
  return [SCHEME, N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

const dummies = new Map<string, string>();

/**
 * A well-formed hash with these parameters that no password matches (random salt and hash,
 * made once per parameters). Verifying a password against it costs as much as against a real
 * one, so a login for an unknown user takes as long as for a known one (M-20).
 */
export function dummyPasswordHash(params: ScryptParameters = OWASP_SCRYPT_PARAMETERS): string {
  const checked = checkScryptParameters(params);
  const key = `${checked.N}$${checked.r}$${checked.p}`;
  let dummy = dummies.get(key);
  if (dummy === undefined) {
    dummy = formatPasswordHash({
      ...checked,
      salt: randomBytes(SALT_BYTES),
      hash: randomBytes(KEY_BYTES),
    });
    dummies.set(key, dummy);
  }
  return dummy;
}

function derive(
  password: string,
  salt: Buffer,
  params: ScryptParameters,
  length = KEY_BYTES,
): Promise<Buffer> {
  const { N, r, p } = params;
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      length,
      { N, r, p, maxmem: scryptMemory(params) },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}
