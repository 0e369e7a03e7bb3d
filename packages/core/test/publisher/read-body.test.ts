import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { BadRequestError, PayloadTooLargeError, ZoaError } from '@zoa/core';
import { DEFAULT_BODY_LIMITS, readBody } from '@zoa/core/publisher';

/** A request-like stream with headers (what readBody uses of an IncomingMessage). */
function request(body: string | Buffer, headers: Record<string, string>): IncomingMessage {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const stream = Readable.from(bytes.length === 0 ? [] : [bytes]);
  return Object.assign(stream, {
    headers: { 'content-length': String(bytes.length), ...headers },
  }) as unknown as IncomingMessage;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };
const limits = DEFAULT_BODY_LIMITS;

describe('readBody', () => {
  it('parses a urlencoded body into flat fields', async () => {
    const form = await readBody(request('title=Hi+there&ids=1&ids=2', FORM), limits);
    expect(form.getString('title')).toBe('Hi there');
    expect(form.getAll('ids')).toEqual(['1', '2']);
  });

  it('parses a JSON object body', async () => {
    const form = await readBody(
      request('{"title":"Hi","n":1,"tags":["a"]}', {
        'content-type': 'application/json; charset=UTF-8',
      }),
      limits,
    );
    expect(form.getString('title')).toBe('Hi');
    expect(form.get('n')).toBe(1);
    expect(form.getAll('tags')).toEqual(['a']);
  });

  it('returns an empty form when there is no body', async () => {
    expect((await readBody(request('', {}), limits)).size).toBe(0);
  });

  describe('T-15 prototype pollution', () => {
    it.each([
      ['urlencoded __proto__[x]', '__proto__[x]=1', FORM],
      ['urlencoded constructor[prototype][x]', 'constructor[prototype][x]=1', FORM],
      ['urlencoded __proto__.x', '__proto__.x=1', FORM],
      ['JSON __proto__', '{"__proto__":{"x":1}}', JSON_TYPE],
      ['JSON constructor.prototype', '{"constructor":{"prototype":{"x":1}}}', JSON_TYPE],
      ['JSON nested __proto__', '{"a":{"__proto__":{"x":1}}}', JSON_TYPE],
      ['JSON __proto__ in an array', '{"a":[{"__proto__":{"x":1}}]}', JSON_TYPE],
    ])('T-15 pollutes nothing with %s', async (_label, body, headers) => {
      const form = await readBody(request(body, headers), limits);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('x');
      for (const key of form.keys()) {
        const value = form.get(key);
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          expect(Object.getPrototypeOf(value)).toBeNull();
        }
      }
    });

    it('T-15 keeps __proto__ as an own field of a null-prototype object', async () => {
      const form = await readBody(request('{"a":{"__proto__":{"x":1}}}', JSON_TYPE), limits);
      const a = form.get('a') as Record<string, unknown>;
      expect(Object.keys(a)).toEqual(['__proto__']);
      expect((a.__proto__ as Record<string, unknown>).x).toBe(1);
      expect(form.get('__proto__')).toBeUndefined();
    });
  });

  describe('T-19 wrong shapes', () => {
    it.each([
      ['a repeated urlencoded key', 'title=a&title=b', FORM],
      ['a JSON number', '{"title":1}', JSON_TYPE],
      ['a JSON boolean', '{"title":true}', JSON_TYPE],
      ['a JSON null', '{"title":null}', JSON_TYPE],
      ['a JSON array', '{"title":["a"]}', JSON_TYPE],
      ['a JSON object', '{"title":{"a":"b"}}', JSON_TYPE],
    ])('T-19 answers 400 from getString for %s', async (_label, body, headers) => {
      const form = await readBody(request(body, headers), limits);
      expect(() => form.getString('title')).toThrow(BadRequestError);
    });
  });

  it.each([
    ['malformed JSON', '{"a":', JSON_TYPE],
    ['a JSON array', '["a"]', JSON_TYPE],
    ['a JSON string', '"a"', JSON_TYPE],
    ['JSON nested too deeply', `{"a":${'['.repeat(40)}${']'.repeat(40)}}`, JSON_TYPE],
    ['bad percent-encoding', 'a=%zz', FORM],
    ['invalid UTF-8', Buffer.from([0x61, 0x3d, 0xc0, 0xae]), FORM],
  ])('answers 400 for %s', async (_label, body, headers) => {
    await expect(readBody(request(body, headers), limits)).rejects.toThrow(BadRequestError);
  });

  it('answers 413 when Content-Length is over the limit, before reading', async () => {
    const req = request('a=1', { ...FORM, 'content-length': String(limits.formBytes + 1) });
    await expect(readBody(req, limits)).rejects.toThrow(PayloadTooLargeError);
  });

  it('answers 413 when a chunked body grows over the limit', async () => {
    const stream = new PassThrough();
    const req = Object.assign(stream, {
      headers: { ...JSON_TYPE, 'transfer-encoding': 'chunked' },
    }) as unknown as IncomingMessage;
    const reading = readBody(req, { ...limits, jsonBytes: 10 });
    stream.write('{"a":"0123456789"}');
    await expect(reading).rejects.toThrow(PayloadTooLargeError);
  });

  it('answers 413 past the field count limit', async () => {
    const body = Array.from({ length: 5 }, (_, i) => `f${i}=1`).join('&');
    await expect(readBody(request(body, FORM), { ...limits, maxFields: 4 })).rejects.toThrow(
      PayloadTooLargeError,
    );
  });

  it.each([
    ['multipart', 'multipart/form-data; boundary=x'],
    ['text', 'text/plain'],
    ['no type', ''],
    ['a non-UTF-8 charset', 'application/x-www-form-urlencoded; charset=latin1'],
  ])('answers 415 for %s', async (_label, type) => {
    const error = await readBody(request('a=1', { 'content-type': type }), limits).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ZoaError);
    expect((error as ZoaError).status).toBe(415);
  });

  it('answers 400 when the client goes away mid-body', async () => {
    const stream = new PassThrough();
    const req = Object.assign(stream, {
      headers: { ...FORM, 'content-length': '100' },
    }) as unknown as IncomingMessage;
    const reading = readBody(req, limits);
    stream.write('a=1');
    stream.destroy();
    await expect(reading).rejects.toThrow(BadRequestError);
  });
});
