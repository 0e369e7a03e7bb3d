import type { IncomingMessage } from 'node:http';
import createHttpError from 'http-errors';
import { MethodNotAllowedError, NotFoundError, ServiceUnavailableError, ZoaError } from '@zoa/core';
import { errorHtml, errorJson, errorResponseOf, requestRedactor } from '@zoa/core/publisher';

const plain = { devMode: false, redact: (text: string) => text };

describe('errorResponseOf', () => {
  it('keeps status, headers and message of a ZoaError', () => {
    expect(errorResponseOf(new MethodNotAllowedError(['GET', 'HEAD']), plain)).toEqual({
      status: 405,
      title: 'Method Not Allowed',
      message: 'Method Not Allowed',
      headers: { Allow: 'GET, HEAD' },
    });
    expect(
      errorResponseOf(new ServiceUnavailableError('busy', { retryAfterSeconds: 2 }), plain),
    ).toMatchObject({
      status: 503,
      message: 'busy',
      headers: { 'Retry-After': '2' },
    });
  });

  it('keeps the status of http-errors errors (ctx.throw)', () => {
    expect(errorResponseOf(createHttpError(418, 'short and stout'), plain)).toMatchObject({
      status: 418,
      message: 'short and stout',
    });
  });

  it.each([
    ['an Error', new Error('db password is hunter2')],
    ['a 500 ZoaError', new ZoaError('internal state')],
    ['a string', 'thrown string'],
    ['an object with a bogus status', { status: 200, message: 'x' }],
    ['an object with a huge status', { status: 7000, message: 'x' }],
    ['null', null],
  ])('hides everything of %s outside development mode', (_label, error) => {
    const response = errorResponseOf(error, plain);
    expect(response).toEqual({
      status: 500,
      title: 'Internal Server Error',
      message: 'Internal Server Error',
      headers: {},
    });
  });

  it('shows the message and stack of a 500 in development mode, redacted', () => {
    const response = errorResponseOf(new Error('token abc123secret'), {
      devMode: true,
      redact: (t) => t.replace('abc123secret', '[redacted]'),
    });
    expect(response.message).toBe('token [redacted]');
    expect(response.stack).toContain('token [redacted]');
    expect(response.stack).not.toContain('abc123secret');
  });

  it('never copies Content-Type or Content-Length from error headers', () => {
    const error = new ZoaError('x', {
      status: 400,
      headers: { 'Content-Type': 'text/evil', 'X-Ok': '1' },
    });
    expect(errorResponseOf(error, plain).headers).toEqual({ 'X-Ok': '1' });
  });
});

describe('requestRedactor', () => {
  const req = (headers: Record<string, string>): IncomingMessage =>
    ({ headers }) as unknown as IncomingMessage;

  it('redacts cookie values and Authorization credentials', () => {
    const redact = requestRedactor(
      req({
        cookie: 'sid=abcdef123456; theme=dark; enc=a%20b%20c%20d',
        authorization: 'Basic dXNlcjpwYXNz',
      }),
    );
    expect(redact('sid abcdef123456 theme dark a b c d dXNlcjpwYXNz')).toBe(
      'sid [redacted] theme dark [redacted] [redacted]',
    );
  });

  it('returns the text unchanged when the request has no secrets', () => {
    expect(requestRedactor(req({}))('hello')).toBe('hello');
  });
});

describe('errorHtml', () => {
  it('escapes the message', () => {
    const html = errorHtml({
      status: 400,
      title: 'Bad Request',
      message: '<script>alert(1)</script>',
      headers: {},
    });
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });
});

describe('errorJson', () => {
  it('wraps status, title and message', () => {
    expect(JSON.parse(errorJson(errorResponseOf(new NotFoundError(), plain)))).toEqual({
      error: { status: 404, title: 'Not Found', message: 'Not Found' },
    });
  });
});
