import type { Context } from 'koa';

/**
 * Reads a streamed response body into a Buffer, so the whole body exists before the
 * transaction commits and nothing is sent for an attempt that may still fail. Other bodies are
 * left as they are.
 *
 * @example
 * ```ts
 * ctx.body = fs.createReadStream(file);
 * await bufferBody(ctx); // ctx.body is now a Buffer
 * ```
 */
export async function bufferBody(ctx: Context): Promise<void> {
  const body: unknown = ctx.body;
  if (typeof body !== 'object' || body === null) return;
  if (isNodeStream(body)) {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<unknown>) {
      chunks.push(
        typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array),
      );
    }
    setKeepingType(ctx, Buffer.concat(chunks));
  } else if (body instanceof ReadableStream) {
    setKeepingType(ctx, Buffer.from(await new Response(body).arrayBuffer()));
  }
}

function isNodeStream(body: object): boolean {
  return typeof (body as { pipe?: unknown }).pipe === 'function' && Symbol.asyncIterator in body;
}

function setKeepingType(ctx: Context, buffer: Buffer): void {
  const type = ctx.response.get('Content-Type');
  ctx.body = buffer;
  if (type) ctx.type = type;
}
