import type { Context, Middleware } from 'koa';
import type { ErrorResponse } from './error-response';
import { errorHtml, errorJson, errorResponseOf, requestRedactor } from './error-response';
import type { PublisherLogger } from './interfaces';
import { restoreResponse, snapshotResponse } from './response-snapshot';

/** Options of {@link errorHandler}. */
export interface ErrorHandlerOptions {
  /** Show the message and stack of 500s (never in production). Default false. */
  devMode?: boolean;
  /** Where 5xx errors are logged (with cookie values and credentials redacted). */
  logger?: PublisherLogger;
  /** Renders the HTML page (default: a small escaped page); its output is sent as is. */
  renderHtml?: (response: ErrorResponse, ctx: Context) => string;
}

/**
 * The one place errors become responses (Koa style). Catches what the middleware after it throw,
 * discards the headers, cookies and body they set, and answers with the error's status and
 * headers: JSON (`{"error":{...}}`) when the client prefers `application/json`, else an escaped
 * HTML page. 5xx errors show only their status text outside development mode, are logged, and
 * no error page ever contains the request's cookie values or credentials.
 *
 * @throws TypeError at once for bad options
 * @example
 * ```ts
 * koa.use(errorHandler({ devMode: false, logger }));
 * koa.use(publisher({ app }));
 * ```
 */
export function errorHandler(options: ErrorHandlerOptions = {}): Middleware {
  const { devMode = false, logger, renderHtml = errorHtml } = options;
  if (typeof devMode !== 'boolean') throw new TypeError('errorHandler: devMode must be a boolean');
  if (logger !== undefined && typeof logger?.error !== 'function') {
    throw new TypeError('errorHandler: logger must have an error() method');
  }
  if (typeof renderHtml !== 'function')
    throw new TypeError('errorHandler: renderHtml must be a function');

  return async function zoaErrorHandler(ctx: Context, next: () => Promise<unknown>): Promise<void> {
    const before = snapshotResponse(ctx);
    try {
      await next();
    } catch (error) {
      const redact = requestRedactor(ctx.req);
      const response = errorResponseOf(error, { devMode, redact });
      if (response.status >= 500) logger?.error(logEntry(ctx, error, redact), 'request failed');
      if (ctx.res.headersSent || !ctx.writable) return;
      restoreResponse(ctx, before);
      ctx.status = response.status;
      for (const [name, value] of Object.entries(response.headers)) ctx.set(name, value);
      ctx.set('Cache-Control', 'no-store');
      ctx.set('X-Content-Type-Options', 'nosniff');
      if (ctx.accepts('html', 'json') === 'json') {
        ctx.type = 'application/json; charset=utf-8';
        ctx.body = errorJson(response);
      } else {
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = renderHtml(response, ctx);
      }
    }
  };
}

function logEntry(ctx: Context, error: unknown, redact: (text: string) => string): object {
  const err = error instanceof Error ? error : undefined;
  return {
    method: ctx.method,
    path: ctx.path,
    err: {
      type: err?.name ?? typeof error,
      message: redact(err?.message ?? 'non-error thrown'),
      ...(err?.stack === undefined ? {} : { stack: redact(err.stack) }),
    },
  };
}
