import { BadRequestError } from '../errors';

/** What a clipboard holds: a copy or a cut of the objects at `paths`. */
export type ClipboardOp = 'copy' | 'cut';

/**
 * The clipboard value returned by `manageCopyObjects` / `manageCutObjects` and given to
 * `managePasteObjects` (Zope keeps it in the `__cp` cookie): an operation and the physical paths
 * of the objects, such as `/news/first`.
 */
export interface Clipboard {
  readonly op: ClipboardOp;
  readonly paths: readonly string[];
}

/** The cookie the ZMI keeps the clipboard in (Zope's name). */
export const CLIPBOARD_COOKIE = '__cp';

/** The largest encoded clipboard, in bytes (Zope's cap, the browsers' per-cookie limit). */
export const MAX_CLIPBOARD_BYTES = 8192;

/** True when `value` has the shape of a {@link Clipboard}. */
export function isClipboard(value: unknown): value is Clipboard {
  if (typeof value !== 'object' || value === null) return false;
  const { op, paths } = value as { op?: unknown; paths?: unknown };
  return (
    (op === 'copy' || op === 'cut') &&
    Array.isArray(paths) &&
    paths.length > 0 &&
    paths.every((path) => typeof path === 'string' && path.startsWith('/') && path.length > 1)
  );
}

/**
 * Encodes a clipboard for a cookie value (base64url of JSON).
 *
 * @throws BadRequestError when the value would exceed {@link MAX_CLIPBOARD_BYTES}.
 * @example
 * ```ts
 * ctx.cookies.set(CLIPBOARD_COOKIE, encodeClipboard(await folder.manageCopyObjects(['a'])));
 * ```
 */
export function encodeClipboard(clipboard: Clipboard): string {
  const encoded = Buffer.from(
    JSON.stringify({ op: clipboard.op, paths: clipboard.paths }),
  ).toString('base64url');
  if (encoded.length > MAX_CLIPBOARD_BYTES) {
    throw new BadRequestError('Too many objects on the clipboard: select fewer objects.');
  }
  return encoded;
}

/**
 * Decodes a cookie value made by {@link encodeClipboard}; anything else is refused.
 *
 * @throws BadRequestError when the value is too long or not a clipboard.
 */
export function decodeClipboard(value: string): Clipboard {
  if (value.length > MAX_CLIPBOARD_BYTES || !/^[A-Za-z0-9_-]+$/.test(value)) {
    throw new BadRequestError('The clipboard data is invalid.');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequestError('The clipboard data is invalid.');
  }
  if (!isClipboard(parsed)) throw new BadRequestError('The clipboard data is invalid.');
  return { op: parsed.op, paths: [...parsed.paths] };
}
