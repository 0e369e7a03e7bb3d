import type { IncomingMessage } from 'node:http';
import { BadRequestError, PayloadTooLargeError, ZoaError } from '../errors';
import { parseUrlencoded } from './parse-urlencoded';
import { RequestForm } from './request-form';

/** Size limits of request bodies. */
export interface BodyLimits {
  /** Largest urlencoded body, in bytes (default 64 KiB). */
  formBytes: number;
  /** Largest JSON body, in bytes (default 1 MiB). */
  jsonBytes: number;
  /** Most fields of a urlencoded body (default 1000). */
  maxFields: number;
  /** Deepest nesting of a JSON body (default 32). */
  jsonDepth: number;
}

/** The default {@link BodyLimits}. */
export const DEFAULT_BODY_LIMITS: Readonly<BodyLimits> = Object.freeze({
  formBytes: 64 * 1024,
  jsonBytes: 1024 * 1024,
  maxFields: 1000,
  jsonDepth: 32,
});

const FORM = 'application/x-www-form-urlencoded';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads and parses a request body into a flat {@link RequestForm}: urlencoded or JSON (a
 * top-level object), UTF-8 only, within `limits`. No body gives an empty form. Never builds
 * objects from key paths; nested JSON objects get a null prototype (T-15).
 *
 * @param req - the Node request (its body is consumed)
 * @throws PayloadTooLargeError (413) past a limit, BadRequestError (400) for malformed data, and
 *   a 415 `ZoaError` for other media types (multipart uploads are not supported yet)
 * @example
 * ```ts
 * const form = await readBody(ctx.req, DEFAULT_BODY_LIMITS);
 * form.getString('title');
 * ```
 */
export async function readBody(req: IncomingMessage, limits: BodyLimits): Promise<RequestForm> {
  const length = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (!chunked && (length === undefined || length === '0')) return RequestForm.EMPTY;
  const [mediaType = '', ...params] = (req.headers['content-type'] ?? '').split(';');
  const type = mediaType.trim().toLowerCase();
  const json =
    type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
  if (type !== FORM && !json)
    throw unsupported(`Unsupported request body type ${JSON.stringify(type)}`);
  for (const param of params) {
    const [key = '', value = ''] = param.split('=');
    if (key.trim().toLowerCase() !== 'charset') continue;
    const charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8')
      throw unsupported('Only UTF-8 bodies are accepted');
  }
  const limit = json ? limits.jsonBytes : limits.formBytes;
  if (length !== undefined && Number(length) > limit) throw tooLarge(limit);
  const bytes = await readStream(req, limit);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new BadRequestError('The request body is not valid UTF-8');
  }
  if (json) return parseJsonBody(text, limits.jsonDepth);
  return new RequestForm(
    parseUrlencoded(text, {
      maxFields: limits.maxFields,
      tooMany: () => tooLarge(limit, 'fields'),
    }),
  );
}

function parseJsonBody(text: string, maxDepth: number): RequestForm {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestError('Malformed JSON body');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequestError('A JSON body must be an object');
  }
  const fields = new Map<string, unknown>();
  for (const key of Object.keys(parsed)) {
    fields.set(key, detach((parsed as Record<string, unknown>)[key], 1, maxDepth));
  }
  return new RequestForm(fields);
}

/** Copies JSON objects into null-prototype objects, refusing nesting deeper than `maxDepth`. */
function detach(value: unknown, depth: number, maxDepth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= maxDepth) throw new BadRequestError('The JSON body is nested too deeply');
  if (Array.isArray(value)) return value.map((item: unknown) => detach(item, depth + 1, maxDepth));
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    copy[key] = detach((value as Record<string, unknown>)[key], depth + 1, maxDepth);
  }
  return copy;
}

function readStream(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (req.readableEnded) {
    return Promise.reject(new Error('The request body was already read by another middleware'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit));
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (cause: Error): void => {
      cleanup();
      reject(new BadRequestError('The request body could not be read', { cause }));
    };
    const onClose = (): void => {
      cleanup();
      reject(new BadRequestError('The request body was cut short'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function tooLarge(limit: number, what = 'bytes'): PayloadTooLargeError {
  const message =
    what === 'fields'
      ? 'The request body has too many fields'
      : `The request body exceeds ${limit} bytes`;
  return new PayloadTooLargeError(message, { headers: { Connection: 'close' } });
}

function unsupported(message: string): ZoaError {
  return new ZoaError(message, { status: 415 });
}
