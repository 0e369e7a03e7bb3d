import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** What a Koa response looked like at one moment; see {@link snapshotResponse}. */
export interface ResponseSnapshot {
  readonly status: number;
  readonly message: string;
  readonly headers: OutgoingHttpHeaders;
  readonly body: unknown;
}

/** The part of a Koa context the snapshot functions use. */
export interface SnapshotTarget {
  res: ServerResponse;
  body: unknown;
}

/**
 * Records the status, headers (cookies included) and body of a response, so that the side
 * effects of a failed attempt can be discarded with {@link restoreResponse}.
 *
 * @example
 * ```ts
 * const before = snapshotResponse(ctx);
 * try { await next(); } catch (error) { restoreResponse(ctx, before); throw error; }
 * ```
 */
export function snapshotResponse(ctx: SnapshotTarget): ResponseSnapshot {
  const { res } = ctx;
  const headers = res.getHeaders();
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    // `cookies` appends to the Set-Cookie array in place: keep a copy
    if (Array.isArray(value)) headers[name] = [...value];
  }
  return { status: res.statusCode, message: res.statusMessage, headers, body: ctx.body };
}

/**
 * Puts a response back as {@link snapshotResponse} saw it: the body (a stream set meanwhile is
 * destroyed by Koa), every header, the status code and message. Does nothing once headers were
 * sent. The caller sets `ctx.status` explicitly before writing a new body (Koa remembers that a
 * status was set, which this function cannot undo without Koa's internals).
 */
export function restoreResponse(ctx: SnapshotTarget, snapshot: ResponseSnapshot): void {
  const { res } = ctx;
  if (res.headersSent) return;
  ctx.body = snapshot.body;
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  for (const [name, value] of Object.entries(snapshot.headers)) {
    if (value !== undefined) res.setHeader(name, value);
  }
  res.statusCode = snapshot.status;
  res.statusMessage = snapshot.message;
}
