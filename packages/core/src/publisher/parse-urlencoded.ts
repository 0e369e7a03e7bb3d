import { BadRequestError } from '../errors';
import type { ZoaError } from '../errors';

/** Options of {@link parseUrlencoded}. */
export interface UrlencodedOptions {
  /** Most `name=value` pairs accepted (default 1000). */
  maxFields?: number;
  /** The error thrown past `maxFields` (400 by default; bodies use 413, query strings 414). */
  tooMany?: () => ZoaError;
}

/**
 * Parses `application/x-www-form-urlencoded` text (a body or a query string) into a flat Map:
 * keys are taken literally — `a[b]=1` is the field `a[b]`, never a nested object (T-15) — a key
 * given once maps to a string and a repeated key to a `string[]`. `+` is a space; each name and
 * value is percent-decoded once.
 *
 * @throws BadRequestError on malformed percent-encoding; `tooMany()` past `maxFields`
 * @example
 * ```ts
 * parseUrlencoded('a=1&b=x+y&a=2&__proto__[x]=1');
 * // Map { 'a' => ['1', '2'], 'b' => 'x y', '__proto__[x]' => '1' }
 * ```
 */
export function parseUrlencoded(
  text: string,
  options: UrlencodedOptions = {},
): Map<string, string | string[]> {
  const maxFields = options.maxFields ?? 1000;
  const fields = new Map<string, string | string[]>();
  if (text === '') return fields;
  let count = 0;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    count += 1;
    if (count > maxFields) {
      throw options.tooMany ? options.tooMany() : new BadRequestError('Too many form fields');
    }
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const previous = fields.get(name);
    if (previous === undefined) fields.set(name, value);
    else if (typeof previous === 'string') fields.set(name, [previous, value]);
    else previous.push(value);
  }
  return fields;
}

function decode(text: string): string {
  const plain = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!plain.includes('%')) return plain;
  try {
    return decodeURIComponent(plain);
  } catch {
    throw new BadRequestError('Malformed percent-encoding in form data');
  }
}
