/** A user name and password from an `Authorization: Basic` header. */
export interface BasicCredentials {
  readonly name: string;
  readonly password: string;
}

const MAX_HEADER = 4096;

/**
 * Reads HTTP Basic credentials (RFC 7617): `Basic base64(name:password)`, UTF-8, split at the
 * first colon. Undefined when the header is absent, another scheme, too long or malformed.
 *
 * @example
 * ```ts
 * parseBasicCredentials('Basic YWxpY2U6c2VjcmV0'); // { name: 'alice', password: 'secret' }
 * ```
 */
export function parseBasicCredentials(header: string | undefined): BasicCredentials | undefined {
  if (typeof header !== 'string' || header.length > MAX_HEADER) return undefined;
  const match = /^basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  return { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
