import request from 'supertest';
import { BadRequestError, NotFoundError } from '@zoa/core';
import { errorHandler } from '@zoa/core/publisher';
import type { Middleware } from 'koa';
import Koa from 'koa';

function appThrowing(error: unknown, options: Parameters<typeof errorHandler>[0] = {}): Koa {
  const koa = new Koa();
  koa.use(errorHandler(options));
  const thrower: Middleware = (ctx) => {
    ctx.set('X-Inner', 'set before the error');
    ctx.cookies.set('inner', 'value');
    ctx.body = 'partial';
    throw error;
  };
  koa.use(thrower);
  return koa;
}

describe('errorHandler', () => {
  it('renders an escaped HTML page for browsers', async () => {
    const res = await request(appThrowing(new BadRequestError('bad <id> "x"')).callback())
      .get('/')
      .set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8')
      .expect(400)
      .expect('Content-Type', 'text/html; charset=utf-8');
    expect(res.text).toContain('bad &lt;id&gt; &quot;x&quot;');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('renders JSON when the client asks for application/json', async () => {
    const res = await request(appThrowing(new NotFoundError()).callback())
      .get('/')
      .set('Accept', 'application/json')
      .expect(404)
      .expect('Content-Type', 'application/json; charset=utf-8');
    expect(res.body).toEqual({ error: { status: 404, title: 'Not Found', message: 'Not Found' } });
  });

  it('discards the headers, cookies and body set before the error', async () => {
    const res = await request(appThrowing(new NotFoundError()).callback()).get('/').expect(404);
    expect(res.headers['x-inner']).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.text).not.toContain('partial');
  });

  it('hides the message and stack of a 500 outside development mode and logs it', async () => {
    const logged: object[] = [];
    const logger = { info: () => {}, warn: () => {}, error: (obj: object) => logged.push(obj) };
    const res = await request(appThrowing(new Error('secret internals'), { logger }).callback())
      .get('/x')
      .set('Cookie', 'sid=session-id-value-123')
      .expect(500);
    expect(res.text).not.toMatch(/secret internals|at |session-id-value-123/);
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0])).toContain('secret internals');
  });

  it('shows the message and stack in development mode, never a cookie value', async () => {
    const error = new Error('failed for sid=session-id-value-123');
    const res = await request(appThrowing(error, { devMode: true }).callback())
      .get('/')
      .set('Cookie', 'sid=session-id-value-123')
      .set('Accept', 'application/json')
      .expect(500);
    expect(res.body.error.message).toBe('failed for sid=[redacted]');
    expect(res.body.error.stack).toContain('error-handler.test');
    expect(JSON.stringify(res.body)).not.toContain('session-id-value-123');
  });

  it('answers HEAD errors without a body', async () => {
    const res = await request(appThrowing(new NotFoundError()).callback()).head('/').expect(404);
    expect(res.text).toBeUndefined();
  });

  it.each([
    ['devMode', { devMode: 'yes' }],
    ['logger', { logger: {} }],
    ['renderHtml', { renderHtml: 'x' }],
  ])('throws TypeError at once for a bad %s', (_label, options) => {
    expect(() => errorHandler(options as never)).toThrow(TypeError);
  });

  it('uses a custom HTML renderer', async () => {
    const res = await request(
      appThrowing(new NotFoundError(), {
        renderHtml: (response) => `<p>custom ${response.status}</p>`,
      }).callback(),
    )
      .get('/')
      .expect(404);
    expect(res.text).toBe('<p>custom 404</p>');
  });
});
