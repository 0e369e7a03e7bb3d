import type { PublisherContext } from '../publisher/interfaces';
import { findRequestSecurity } from '../security/request-security';
import type { Clipboard } from '../tree/clipboard';
import {
  CLIPBOARD_COOKIE,
  decodeClipboard,
  encodeClipboard,
  MAX_CLIPBOARD_BYTES,
} from '../tree/clipboard';
import { BadRequestError } from '../errors';

const SEPARATOR = '.';

/** Signs the encoded clipboard with the site's keys when a security policy runs the request. */
function signatureOf(ctx: PublisherContext, encoded: string): string {
  const policy = findRequestSecurity(ctx)?.policy;
  return policy === undefined ? '' : policy.sign(`zmi-clipboard:${encoded}`);
}

/**
 * Keeps a clipboard in the `__cp` cookie (Zope's): base64url JSON of the operation and paths,
 * signed with the site's keys (so only this site's ZMI can have written it), HttpOnly,
 * SameSite=Strict, Secure on https, at most 8 KB.
 *
 * @throws BadRequestError when too many objects are selected for one cookie
 * @example
 * ```ts
 * writeClipboard(ctx, await folder.manageCopyObjects(ids));
 * ```
 */
export function writeClipboard(ctx: PublisherContext, clipboard: Clipboard): void {
  const encoded = encodeClipboard(clipboard);
  const value = `${encoded}${SEPARATOR}${signatureOf(ctx, encoded)}`;
  if (value.length + CLIPBOARD_COOKIE.length + 1 > MAX_CLIPBOARD_BYTES) {
    throw new BadRequestError('Too many objects on the clipboard: select fewer objects.');
  }
  ctx.cookies.set(CLIPBOARD_COOKIE, value, cookieOptions(ctx));
}

/**
 * The clipboard of the request's `__cp` cookie, or undefined when there is none or it is not
 * valid (tampered, malformed, too long).
 *
 * @example
 * ```ts
 * const clipboard = readClipboard(ctx);
 * if (clipboard) await folder.managePasteObjects(clipboard);
 * ```
 */
export function readClipboard(ctx: PublisherContext): Clipboard | undefined {
  const value = ctx.cookies.get(CLIPBOARD_COOKIE);
  if (value === undefined || value === '' || value.length > MAX_CLIPBOARD_BYTES) return undefined;
  const cut = value.lastIndexOf(SEPARATOR);
  if (cut < 0) return undefined;
  const encoded = value.slice(0, cut);
  const signature = value.slice(cut + 1);
  const policy = findRequestSecurity(ctx)?.policy;
  if (policy !== undefined && !policy.verify(`zmi-clipboard:${encoded}`, signature)) {
    return undefined;
  }
  try {
    return decodeClipboard(encoded);
  } catch {
    return undefined;
  }
}

/**
 * Empties the clipboard (after a cut was pasted: the objects moved).
 *
 * @example
 * ```ts
 * if (clipboard.op === 'cut') clearClipboard(ctx);
 * ```
 */
export function clearClipboard(ctx: PublisherContext): void {
  ctx.cookies.set(CLIPBOARD_COOKIE, '', { ...cookieOptions(ctx), maxAge: 0 });
}

function cookieOptions(ctx: PublisherContext): {
  path: string;
  httpOnly: boolean;
  sameSite: 'strict';
  secure: boolean;
  overwrite: boolean;
} {
  return { path: '/', httpOnly: true, sameSite: 'strict', secure: ctx.secure, overwrite: true };
}
