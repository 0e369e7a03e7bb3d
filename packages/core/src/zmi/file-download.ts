import type { PublisherContext } from '../publisher/interfaces';
import { VIEW_PERMISSION } from '../publisher/default-authorizer';
import { File } from '../tree/file';
import type { ManageScreenRegistrar } from './manage-screen';

/** Image types a File may be shown as inline (M-14); everything else is an attachment. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
]);

/** Types a browser would run or render as a document: sent as `application/octet-stream`. */
const ACTIVE_TYPE =
  /^(?:text\/(?:html|xml|javascript|ecmascript|xsl)|application\/(?:xhtml\+xml|xml|javascript|ecmascript|x-javascript|pdf)|image\/svg\+xml|[\w.-]+\/[\w.-]+\+xml|multipart\/.*)$/;

/** The media type without parameters, lower case. */
function essence(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * True when a File of this content type is sent inline (an allow-listed image type, M-14).
 *
 * @example
 * ```ts
 * isInlineType('image/png'); // true
 * isInlineType('image/svg+xml'); // false: an attachment
 * ```
 */
export function isInlineType(contentType: string): boolean {
  return INLINE_IMAGE_TYPES.has(essence(contentType));
}

/**
 * `Content-Disposition` with an ASCII fallback name and the UTF-8 name (RFC 6266).
 *
 * @example
 * ```ts
 * contentDisposition('attachment', 'résumé.pdf');
 * // `attachment; filename="r_sum_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`
 * ```
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_') || 'download';
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Sends a File (M-14): allow-listed image types inline with their type; everything else as an
 * attachment — SVG, HTML, XML, scripts and PDF with `application/octet-stream` — so uploaded
 * content never runs as a page of the site. Always `nosniff` and a sandboxing CSP; an ETag
 * from the object's serial for conditional requests.
 *
 * @example
 * ```ts
 * views.register(File, { name: 'index_html', permission: 'View', handler: sendFile });
 * ```
 */
export function sendFile(ctx: PublisherContext, file: File): Buffer {
  const type = essence(file.contentType);
  const inline = INLINE_IMAGE_TYPES.has(type);
  ctx.type = inline || !ACTIVE_TYPE.test(type) ? file.contentType : 'application/octet-stream';
  ctx.set('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', file.id));
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
  ctx.set('Cache-Control', 'private, no-cache');
  if (file._p_oid !== undefined) ctx.set('ETag', `"${file._p_oid}-${file._p_serial}"`);
  return file.data;
}

/**
 * Registers File's public default view (`index_html`, permission View) as {@link sendFile}.
 *
 * @example
 * ```ts
 * registerFileDownload(viewRegistry);
 * ```
 */
export function registerFileDownload(views: ManageScreenRegistrar): void {
  views.register(File, { name: 'index_html', permission: VIEW_PERMISSION, handler: sendFile });
}
