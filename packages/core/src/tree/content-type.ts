import { BadRequestError } from '../errors';
import { escapeHtml } from '../errors/escape-html';

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(
  `^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"[^"\\\\\\u0000-\\u001f\\u007f]*"))*$`,
);

/**
 * Checks that `value` is a media type such as `text/html; charset=utf-8` (RFC 9110 syntax), so
 * it can be sent as a `Content-Type` header as is; returns it.
 *
 * @throws BadRequestError for anything else (line breaks, missing subtype, ...).
 */
export function checkContentType(value: string): string {
  if (value.length > 255 || !MEDIA_TYPE.test(value)) {
    throw new BadRequestError(`The content type "${escapeHtml(value)}" is not valid.`);
  }
  return value;
}
