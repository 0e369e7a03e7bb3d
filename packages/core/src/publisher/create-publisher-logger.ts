import pino from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';

/**
 * Paths pino redacts in every entry: cookies, credentials, passwords and session / browser ids,
 * at the top level, one level down, and in request / response headers (S-23).
 */
export const REDACTED_PATHS: readonly string[] = Object.freeze([
  ...[
    'cookie',
    'cookies',
    'password',
    'passwd',
    'secret',
    'token',
    'sessionId',
    'browserId',
  ].flatMap((key) => [key, `*.${key}`]),
  'authorization',
  '*.authorization',
  'req.headers.cookie',
  'req.headers.authorization',
  'headers.cookie',
  'headers.authorization',
  'res.headers["set-cookie"]',
  'headers["set-cookie"]',
]);

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
 * A pino logger set up for the publisher: JSON lines, with {@link REDACTED_PATHS} censored.
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
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}
