import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { escapeHtml } from '../errors/escape-html';

/** How an error is answered; see {@link errorResponseOf}. */
export interface ErrorResponse {
  readonly status: number;
  /** The status text, e.g. `Not Found`. */
  readonly title: string;
  /** What the client may read: the error's message when exposed, else the status text. */
  readonly message: string;
  /** Headers the error carries (`Allow`, `Retry-After`, ...). */
  readonly headers: Readonly<Record<string, string>>;
  /** The stack, only in development mode for 5xx errors. */
  readonly stack?: string;
}

/** Replaces secrets the request carried (cookie values, credentials) in a text. */
export type Redactor = (text: string) => string;

/**
 * Turns anything thrown into what the client may see: a `ZoaError` or an `http-errors` error
 * keeps its status, headers and (when `expose`) message; anything else is a 500 whose message
 * and stack are shown only in development mode. Cookie values and credentials of the request
 * never appear (`redact`).
 *
 * @example
 * ```ts
 * errorResponseOf(new NotFoundError(), { devMode: false, redact: (t) => t });
 * // { status: 404, title: 'Not Found', message: 'Not Found', headers: {} }
 * ```
 */
export function errorResponseOf(
  error: unknown,
  options: { devMode: boolean; redact: Redactor },
): ErrorResponse {
  const candidate = (typeof error === 'object' && error !== null ? error : {}) as {
    status?: unknown;
    expose?: unknown;
    headers?: unknown;
    message?: unknown;
    stack?: unknown;
  };
  const raw = candidate.status;
  const typed =
    typeof raw === 'number' &&
    Number.isInteger(raw) &&
    raw >= 400 &&
    raw <= 599 &&
    !!STATUS_CODES[raw];
  const status = typed ? (raw as number) : 500;
  const title = STATUS_CODES[status] ?? 'Error';
  const expose = typed && (status < 500 ? candidate.expose !== false : candidate.expose === true);
  const text = typeof candidate.message === 'string' ? candidate.message : 'non-error thrown';
  const headers: Record<string, string> = {};
  if (typed && typeof candidate.headers === 'object' && candidate.headers !== null) {
    for (const [name, value] of Object.entries(candidate.headers)) {
      if (typeof value === 'string' && !/^content-(type|length)$/i.test(name))
        headers[name] = value;
    }
  }
  if (expose) return { status, title, message: options.redact(text), headers };
  if (options.devMode && status >= 500) {
    const stack = typeof candidate.stack === 'string' ? candidate.stack : undefined;
    return {
      status,
      title,
      message: options.redact(text),
      headers,
      ...(stack === undefined ? {} : { stack: options.redact(stack) }),
    };
  }
  return { status, title, message: title, headers };
}

/**
 * A {@link Redactor} for one request: every cookie value and the credentials of the
 * `Authorization` header (6 characters or longer) become `[redacted]`.
 */
export function requestRedactor(req: IncomingMessage): Redactor {
  const secrets: string[] = [];
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    const value = eq === -1 ? '' : pair.slice(eq + 1).trim();
    if (value.length >= 6) secrets.push(value);
    try {
      const decoded = decodeURIComponent(value);
      if (decoded !== value && decoded.length >= 6) secrets.push(decoded);
    } catch {
      // an undecodable value is redacted in its raw form only
    }
  }
  const credentials = (req.headers.authorization ?? '').split(' ').pop() ?? '';
  if (credentials.length >= 6) secrets.push(credentials);
  if (secrets.length === 0) return (text) => text;
  secrets.sort((a, b) => b.length - a.length);
  return (text) => secrets.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

/** The JSON error body: `{"error":{"status","title","message"[,"stack"]}}`. */
export function errorJson(response: ErrorResponse): string {
  const { status, title, message, stack } = response;
  return JSON.stringify({
    error: { status, title, message, ...(stack === undefined ? {} : { stack }) },
  });
}

/** A small, fully escaped HTML error page. */
export function errorHtml(response: ErrorResponse): string {
  const { status, title, message, stack } = response;
  const detail = message === title ? '' : `\n<p>${escapeHtml(message)}</p>`;
  const trace = stack === undefined ? '' : `\n<pre>${escapeHtml(stack)}</pre>`;
  return (
    `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">` +
    `<title>${status} ${escapeHtml(title)}</title></head>\n<body>\n<h1>${escapeHtml(title)}</h1>` +
    `${detail}${trace}\n</body>\n</html>\n`
  );
}
