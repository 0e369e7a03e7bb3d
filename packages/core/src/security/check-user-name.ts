import { BadRequestError } from '../errors';
import { MAX_PASSWORD_LENGTH } from './password-hash';

/** Longest user name, in characters. */
export const MAX_USER_NAME_LENGTH = 100;
/** Shortest password accepted when setting one (OWASP: at least 8). */
export const MIN_PASSWORD_LENGTH = 8;

/** Controls, format characters (zero-width, bidi) and lone surrogates. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/u;
/** `:` separates name and password in HTTP Basic; the rest would need escaping everywhere. */
const FORBIDDEN = /[:/\\<>&"'`]/;

/**
 * Checks a new user name and returns it NFC-normalized (lookups normalize the same way): 1 to
 * 100 characters; no control, format or lone surrogate characters; none of `: / \ < > & " ' `` ` ``;
 * no leading or trailing white space.
 *
 * @throws BadRequestError (400) naming the problem; the name is quoted and shortened in the
 * message, and control characters are escaped
 * @example
 * ```ts
 * checkUserName('alice'); // 'alice'
 * checkUserName('bob:x'); // throws BadRequestError
 * ```
 */
export function checkUserName(name: unknown): string {
  if (typeof name !== 'string' || name === '') throw new BadRequestError('A user name is required');
  const normalized = name.normalize('NFC');
  const problem =
    normalized.length > MAX_USER_NAME_LENGTH
      ? `is longer than ${MAX_USER_NAME_LENGTH} characters`
      : INVISIBLE.test(normalized)
        ? 'contains control or invisible characters'
        : FORBIDDEN.test(normalized)
          ? 'contains one of the characters : / \\ < > & " \' `'
          : normalized.trim() !== normalized
            ? 'starts or ends with white space'
            : undefined;
  if (problem !== undefined) {
    throw new BadRequestError(`The user name ${quoteForMessage(name)} ${problem}`);
  }
  return normalized;
}

/**
 * Checks a new password: a string of 8 to 1024 characters (no other composition rule, as
 * OWASP advises).
 *
 * @throws BadRequestError (400); the message never contains the password
 */
export function checkPassword(password: unknown): string {
  if (typeof password !== 'string') throw new BadRequestError('A password is required');
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new BadRequestError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new BadRequestError(`The password must have at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  return password;
}

/** A client-supplied value for an error message: JSON-quoted (controls escaped), at most 64 characters. */
export function quoteForMessage(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
