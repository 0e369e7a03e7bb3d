import type { Context, Middleware } from 'koa';
import { accessLineWriterOf } from './create-publisher-logger';
import type { PublisherLogger } from './interfaces';

const retriesByRequest = new WeakMap<object, number>();

/** Records how many conflict retries a request needed, for its access line. @internal */
export function recordConflictRetries(ctx: object, retries: number): void {
  if (retries > 0) retriesByRequest.set(ctx, retries);
}

/** Options of {@link accessLog}. */
export interface AccessLogOptions {
  /** Receives one `info` entry per request. */
  logger: PublisherLogger;
}

/**
 * Logs one line per request, once the response is decided: `method`, `path` (never the query
 * string, which may carry credentials), `status`, `ms` (time spent in the middleware after this
 * one) and `retries` (conflict retries). No header, cookie or body is logged. Put it first.
 *
 * @throws TypeError at once when the logger is missing
 * @example
 * ```ts
 * koa.use(accessLog({ logger }));
 * // {"level":30,"method":"GET","path":"/docs/","status":200,"ms":1.2,"retries":0,"msg":"request"}
 * ```
 */
export function accessLog(options: AccessLogOptions): Middleware {
  const logger = options?.logger;
  if (typeof logger?.info !== 'function') throw new TypeError('accessLog: a logger is required');
  // a logger made by createPublisherLogger writes the line with a serializer for its shape
  const write = accessLineWriterOf(logger) ?? ((line: object) => logger.info(line, 'request'));

  return async function zoaAccessLog(ctx: Context, next: () => Promise<unknown>): Promise<void> {
    const started = performance.now();
    let status: number | undefined;
    try {
      await next();
    } catch (error) {
      status = 500;
      throw error;
    } finally {
      const path = ctx.path;
      write({
        method: ctx.method,
        path: path.length > 1024 ? `${path.slice(0, 1024)}…` : path,
        status: status ?? ctx.status,
        ms: Math.round((performance.now() - started) * 100) / 100,
        retries: retriesByRequest.get(ctx) ?? 0,
      });
    }
  };
}
