import { BadRequestError } from '../errors';

/** A file the ZMI's upload script sent: its name, browser-given type and bytes. */
export interface UploadedFile {
  readonly name: string;
  readonly type: string;
  readonly data: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

/**
 * The file of an upload field: the ZMI's script sends `{ name, type, base64 }` in a JSON body
 * (the publisher reads no multipart bodies). Undefined when no file was chosen.
 *
 * @throws BadRequestError when the field holds anything else (a plain form post sends only
 * the file's name: uploads need the script)
 * @example
 * ```ts
 * const file = uploadedFile(ctx.zoa.form.get('file'), 'File');
 * ```
 */
export function uploadedFile(raw: unknown, label: string): UploadedFile | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new BadRequestError(
      `The field "${label}" must be a file upload (uploading needs JavaScript in the browser).`,
    );
  }
  const { name, type, base64 } = raw as { name?: unknown; type?: unknown; base64?: unknown };
  if (typeof base64 !== 'string' || !BASE64.test(base64) || base64.length % 4 === 1) {
    throw new BadRequestError(`The upload of "${label}" is not valid base64 data.`);
  }
  return {
    name: typeof name === 'string' ? name.slice(0, 255) : '',
    type: typeof type === 'string' && MEDIA_TYPE.test(type) ? type : '',
    data: Buffer.from(base64, 'base64'),
  };
}
