import type { IncomingMessage } from 'node:http';
import type { PublisherSettings } from './interfaces';

/** A host, optionally with a port: a DNS name or IPv4 address, or a bracketed IPv6 address. */
const VALID_HOST = /^(?:[a-z0-9_.-]{1,253}|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?$/i;

/**
 * The scheme and host that generated URLs and redirects start with, chosen as documented on
 * {@link PublisherSettings} (T-18): `publicUrl`; else the forwarded headers when `trustProxy`;
 * else the `Host` header, only when it is in `allowedHosts`. Returns `''` (origin-relative URLs)
 * when nothing trustworthy is configured, so a forged `Host` never reaches a generated URL.
 * `ctx.zoa.baseUrl` is this followed by the request's URL prefix, if any (see `setUrlPrefix`).
 *
 * @example
 * ```ts
 * requestBaseUrl(req, { devMode: false, trustProxy: false }); // ''
 * requestBaseUrl(req, { devMode: false, trustProxy: false, allowedHosts: ['example.com'] });
 * // 'http://example.com'
 * ```
 */
export function requestBaseUrl(req: IncomingMessage, settings: PublisherSettings): string {
  if (settings.publicUrl) return settings.publicUrl.replace(/\/+$/, '');
  const allowed = settings.allowedHosts;
  const restricted = allowed !== undefined && allowed.length > 0;
  if (!settings.trustProxy && !restricted) return '';
  let proto = (req.socket as { encrypted?: boolean }).encrypted === true ? 'https' : 'http';
  let host: string | undefined;
  if (settings.trustProxy) {
    const forwardedProto = firstValue(req.headers['x-forwarded-proto'])?.toLowerCase();
    if (forwardedProto === 'http' || forwardedProto === 'https') proto = forwardedProto;
    host = validHost(firstValue(req.headers['x-forwarded-host']));
  }
  host ??= validHost(req.headers.host);
  if (restricted && (host === undefined || !allowed.some((h) => h.toLowerCase() === host))) {
    host = allowed[0]?.toLowerCase();
  }
  return host === undefined ? '' : `${proto}://${host}`;
}

/** Checks `publicUrl` / `allowedHosts` settings; returns a list of problems. @internal */
export function checkUrlSettings(settings: PublisherSettings): string[] {
  const problems: string[] = [];
  if (settings.publicUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(settings.publicUrl);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash) {
      problems.push('settings.publicUrl must be an http(s) origin such as https://example.com');
    }
  }
  for (const host of settings.allowedHosts ?? []) {
    if (typeof host !== 'string' || !VALID_HOST.test(host)) {
      problems.push(`settings.allowedHosts has an invalid host ${JSON.stringify(host)}`);
    }
  }
  return problems;
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const comma = value.indexOf(',');
  return (comma === -1 ? value : value.slice(0, comma)).trim();
}

function validHost(host: string | undefined): string | undefined {
  return host !== undefined && VALID_HOST.test(host) ? host.toLowerCase() : undefined;
}
