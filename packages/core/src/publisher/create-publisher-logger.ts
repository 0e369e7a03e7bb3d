import pino from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';

/**
 * Keys (compared case-insensitively, at any depth up to 5) whose values are censored in every log
 * entry: cookies, credentials, passwords, tokens, session and browser ids (S-23).
 */
export const REDACTED_KEYS: ReadonlySet<string> = new Set([
  'cookie',
  'cookies',
  'set-cookie',
  'authorization',
  'proxy-authorization',
  'password',
  'passwd',
  'secret',
  'token',
  'apikey',
  'api_key',
  'sessionid',
  'session_id',
  'browserid',
  'browser_id',
]);

/** What censored values become. */
export const REDACTED = '[redacted]';

const MAX_DEPTH = 5;

/**
 * Returns `value` with the values of {@link REDACTED_KEYS} replaced by `[redacted]`, copying
 * only the objects that change (an entry without secrets is returned as is, so the access line
 * costs nothing extra). Errors are left to pino's error serializer.
 *
 * @example
 * ```ts
 * redactLogObject({ user: 'ann', headers: { Cookie: 'sid=1' } });
 * // { user: 'ann', headers: { Cookie: '[redacted]' } }
 * ```
 */
export function redactLogObject<T>(value: T): T {
  return redact(value, 0) as T;
}

function redact(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH || value instanceof Error) {
    return value;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const redacted = redact(item, depth + 1);
      if (redacted !== item) (copy ??= value.slice())[i] = redacted;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const redacted = REDACTED_KEYS.has(key.toLowerCase()) ? REDACTED : redact(item, depth + 1);
    if (redacted !== item) (copy ??= { ...record })[key] = redacted;
  }
  return copy ?? value;
}

/** Options of {@link createPublisherLogger}. */
export interface PublisherLoggerOptions {
  /** pino level (default `info`). */
  level?: LoggerOptions['level'];
  /** Logger name (default `zoa`). */
  name?: string;
  /** Where lines go (default stdout). */
  destination?: DestinationStream;
}

/**
 * A pino logger set up for the publisher: JSON lines, with the values of {@link REDACTED_KEYS}
 * censored in every entry (see {@link redactLogObject}; cheaper than pino's path-based `redact`,
 * which costs several times a plain line).
 *
 * @example
 * ```ts
 * const logger = createPublisherLogger({ level: 'info' });
 * koa.use(accessLog({ logger }));
 * ```
 */
export function createPublisherLogger(options: PublisherLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    name: options.name ?? 'zoa',
    level: options.level ?? 'info',
    formatters: { log: (entry) => redactLogObject(entry) },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
