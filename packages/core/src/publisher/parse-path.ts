import { BadRequestError, NotFoundError, UriTooLongError } from '../errors';

/** The result of {@link parsePath}. */
export interface ParsedPath {
  /** Decoded segments, with empty and `.` segments dropped and literal `..` applied. */
  readonly segments: readonly string[];
  /** True when the raw path ends with `/` (the root `/` included): no container redirect. */
  readonly trailingSlash: boolean;
}

/** Limits applied by {@link parsePath} (T-09). */
export const PATH_LIMITS = Object.freeze({
  /** Most raw segments a path may have (`.` and `..` count, empty ones do not). */
  maxSegments: 64,
  /** Most characters (Unicode code points) in one decoded segment. */
  maxSegmentLength: 255,
});

/** Printable ASCII without space and `\`: what a request path may contain before decoding. */
const RAW_PATH = /^\/[\x21-\x5b\x5d-\x7e]*$/;
/** After decoding: `/`, `\`, C0 controls (NUL included), DEL and C1 controls are refused. */
const FORBIDDEN_DECODED = /[/\\\x00-\x1f\x7f-\x9f]/;
/** A surrogate code unit without its partner (only reachable when called directly). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Parses the raw (still percent-encoded) path of a request into decoded segments, following
 * T-01..T-03 and T-09. The path is split on `/` first, then each segment is decoded exactly once.
 *
 * - empty segments and literal `.` are dropped; a literal `..` removes the previous segment;
 * - `..` above the root is 404 wherever it occurs (`/..`, `/a/../../b`), like Zope;
 * - bad percent-encoding (`%`, `%zz`, overlong UTF-8 such as `%C0%AE`, encoded surrogates), raw
 *   characters outside printable ASCII, a raw `\`, and segments that decode to contain `/`, `\`, NUL or
 *   another control character, or that only become `.` or `..` after decoding, are 400;
 * - more than 64 segments, or a decoded segment over 255 characters, is 414.
 *
 * @param rawPath - the path as received, starting with `/`, without the query string
 * @throws BadRequestError, NotFoundError or UriTooLongError as above
 * @example
 * ```ts
 * parsePath('/a/./b/../c%20d/'); // { segments: ['a', 'c d'], trailingSlash: true }
 * parsePath('/%252e%252e'); // { segments: ['%2e%2e'], trailingSlash: false }
 * ```
 */
export function parsePath(rawPath: string): ParsedPath {
  if (!RAW_PATH.test(rawPath)) throw new BadRequestError('Malformed request path');
  if (countSegments(rawPath) > PATH_LIMITS.maxSegments) {
    throw new UriTooLongError(`A path may have at most ${PATH_LIMITS.maxSegments} segments`);
  }
  const raw = rawPath.split('/');
  const segments: string[] = [];
  for (let i = 1; i < raw.length; i += 1) {
    const segment = raw[i] as string;
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) throw new NotFoundError();
      segments.pop();
      continue;
    }
    segments.push(decodeSegment(segment));
  }
  return { segments, trailingSlash: rawPath.endsWith('/') };
}

function decodeSegment(segment: string): string {
  let decoded = segment;
  if (segment.includes('%')) {
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new BadRequestError('Malformed percent-encoding in the request path');
    }
    if (decoded === '.' || decoded === '..') {
      throw new BadRequestError('Encoded dot segments are not allowed in the request path');
    }
    if (FORBIDDEN_DECODED.test(decoded) || LONE_SURROGATE.test(decoded)) {
      throw new BadRequestError('Illegal character in the request path');
    }
  }
  if (decoded.length > PATH_LIMITS.maxSegmentLength && tooLong(decoded)) {
    throw new UriTooLongError(
      `A path segment may have at most ${PATH_LIMITS.maxSegmentLength} characters`,
    );
  }
  return decoded;
}

/** Non-empty segments of a raw path, counting no further than one past the limit. */
function countSegments(rawPath: string): number {
  let count = 0;
  let start = 1;
  while (start <= rawPath.length && count <= PATH_LIMITS.maxSegments) {
    let end = rawPath.indexOf('/', start);
    if (end === -1) end = rawPath.length;
    if (end > start) count += 1;
    start = end + 1;
  }
  return count;
}

/** More code points than the limit (a code point is one or two UTF-16 units). */
function tooLong(text: string): boolean {
  const max = PATH_LIMITS.maxSegmentLength;
  if (text.length > 2 * max) return true;
  let count = 0;
  for (const _ of text) count += 1;
  return count > max;
}
