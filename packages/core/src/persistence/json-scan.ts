/**
 * Reading parts of a JSON text without parsing the rest: where a value ends, where a member of an
 * object or an item of an array starts. The scan checks only what it needs to find its way; a
 * malformed text may pass it and fail when the part is parsed. @internal
 *
 * @example
 * ```ts
 * const text = '{"keys":["a","b"],"values":[1,2]}';
 * const at = memberStart(text, 0, 'values'); // 27: where [1,2] starts
 * JSON.parse(text.slice(itemStart(text, at, 1), valueEnd(text, itemStart(text, at, 1)))); // 2
 * ```
 */

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function malformed(text: string, at: number, expected: string): SyntaxError {
  return new SyntaxError(
    `Malformed JSON at ${at}: expected ${expected}, found "${text.charAt(at)}"`,
  );
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** The first position at or after `at` that is not JSON whitespace. */
export function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at += 1;
  return at;
}

/** Just past the string whose opening quote is at `at`. */
function stringEnd(text: string, at: number): number {
  let quote = text.indexOf('"', at + 1);
  for (;;) {
    if (quote < 0) throw malformed(text, text.length, 'the end of a string');
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
}

/** Just past the JSON value that starts at `at` (no whitespace before it). */
export function valueEnd(text: string, at: number): number {
  const first = text.charCodeAt(at);
  if (first === QUOTE) return stringEnd(text, at);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    // a number or a literal: up to the next delimiter
    let end = at;
    for (;;) {
      const code = text.charCodeAt(end);
      if (Number.isNaN(code) || code === COMMA || code === CLOSE_BRACE) break;
      if (code === CLOSE_BRACKET || isSpace(code)) break;
      end += 1;
    }
    if (end === at) throw malformed(text, at, 'a value');
    return end;
  }
  let depth = 0;
  for (let i = at; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) i = stringEnd(text, i) - 1;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) depth += 1;
    else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  throw malformed(text, text.length, `the end of the value at ${at}`);
}

/**
 * Where the value of member `name` of the object that starts at `at` starts, or -1 when the
 * object has no such member.
 */
export function memberStart(text: string, at: number, name: string): number {
  if (!startsObject(text, at)) throw malformed(text, at, '"{"');
  let i = skipSpace(text, at + 1);
  if (text.charCodeAt(i) === CLOSE_BRACE) return -1;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) throw malformed(text, i, 'a member name');
    const nameEnd = stringEnd(text, i);
    const found = compareStringAt(text, i, nameEnd, name) === 0;
    i = skipSpace(text, nameEnd);
    if (text.charCodeAt(i) !== COLON) throw malformed(text, i, '":"');
    const valueAt = skipSpace(text, i + 1);
    if (found) return valueAt;
    i = skipSpace(text, valueEnd(text, valueAt));
    if (text.charCodeAt(i) === CLOSE_BRACE) return -1;
    if (text.charCodeAt(i) !== COMMA) throw malformed(text, i, '"," or "}"');
    i = skipSpace(text, i + 1);
  }
}

/** Where item `index` of the array that starts at `at` starts, or -1 when it has fewer items. */
export function itemStart(text: string, at: number, index: number): number {
  if (!startsArray(text, at)) throw malformed(text, at, '"["');
  let i = skipSpace(text, at + 1);
  if (text.charCodeAt(i) === CLOSE_BRACKET) return -1;
  for (let n = 0; n < index && i >= 0; n += 1) i = nextItemStart(text, i);
  return i;
}

/** Where the array item after the one that starts at `at` starts, or -1 when it is the last. */
export function nextItemStart(text: string, at: number): number {
  const i = skipSpace(text, valueEnd(text, at));
  if (text.charCodeAt(i) === CLOSE_BRACKET) return -1;
  if (text.charCodeAt(i) !== COMMA) throw malformed(text, i, '"," or "]"');
  return skipSpace(text, i + 1);
}

/** True when an array starts at `at`. */
export function startsArray(text: string, at: number): boolean {
  return text.charCodeAt(at) === OPEN_BRACKET;
}

/** True when an object starts at `at`. */
export function startsObject(text: string, at: number): boolean {
  return text.charCodeAt(at) === OPEN_BRACE;
}

/**
 * Compares the JSON string at `start..end` (its quotes included) with `value` by UTF-16 code
 * units, as `<` does: negative, zero or positive. Compared in the text, without making the
 * string, unless it holds an escape before the first difference.
 */
export function compareStringAt(text: string, start: number, end: number, value: string): number {
  const from = start + 1;
  const length = end - 1 - from; // between the quotes
  const shorter = Math.min(length, value.length);
  for (let i = 0; i < shorter; i += 1) {
    const code = text.charCodeAt(from + i);
    if (code === BACKSLASH) {
      const decoded = JSON.parse(text.slice(start, end)) as string;
      return decoded < value ? -1 : decoded > value ? 1 : 0;
    }
    if (code !== value.charCodeAt(i)) return code - value.charCodeAt(i);
  }
  // one is a prefix of the other, or they are equal (an escape further on in the text still
  // leaves it the longer one)
  return length - value.length;
}

/** True when a string starts at `at`. */
export function startsString(text: string, at: number): boolean {
  return text.charCodeAt(at) === QUOTE;
}

/** The JSON value that starts at `at`, parsed. */
export function parseValueAt(text: string, at: number): unknown {
  return JSON.parse(text.slice(at, valueEnd(text, at)));
}
