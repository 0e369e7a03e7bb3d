import request from 'supertest';
import { NotFoundError } from '@zoa/core';
import { accessLog, errorHandler } from '@zoa/core/publisher';
import Koa from 'koa';

describe('accessLog', () => {
  function collect(): {
    lines: Record<string, unknown>[];
    logger: { info: (o: object, m?: string) => void; warn: () => void; error: () => void };
  } {
    const lines: Record<string, unknown>[] = [];
    return {
      lines,
      logger: { info: (obj, msg) => lines.push({ ...obj, msg }), warn: () => {}, error: () => {} },
    };
  }

  it('logs one line per request with method, path, status, time and retries', async () => {
    const { lines, logger } = collect();
    const koa = new Koa();
    koa.use(accessLog({ logger }));
    koa.use((ctx) => {
      ctx.body = 'ok';
    });
    await request(koa.callback())
      .get('/a/b?password=hunter2')
      .set('Cookie', 'sid=abcdef')
      .set('Authorization', 'Basic dXNlcjpwYXNz')
      .expect(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      method: 'GET',
      path: '/a/b',
      status: 200,
      retries: 0,
      msg: 'request',
    });
    expect(typeof lines[0]?.ms).toBe('number');
    expect(JSON.stringify(lines)).not.toMatch(/hunter2|abcdef|dXNlcjpwYXNz/);
  });

  it('logs the status the error handler chose', async () => {
    const { lines, logger } = collect();
    const koa = new Koa();
    koa.use(accessLog({ logger }));
    koa.use(errorHandler());
    koa.use(() => {
      throw new NotFoundError();
    });
    await request(koa.callback()).get('/missing').expect(404);
    expect(lines[0]).toMatchObject({ status: 404 });
  });

  it('logs 500 when an error escapes', async () => {
    const { lines, logger } = collect();
    const koa = new Koa();
    koa.silent = true;
    koa.use(accessLog({ logger }));
    koa.use(() => {
      throw new Error('boom');
    });
    await request(koa.callback()).get('/').expect(500);
    expect(lines[0]).toMatchObject({ status: 500 });
  });

  it('shortens very long paths', async () => {
    const { lines, logger } = collect();
    const koa = new Koa();
    koa.use(accessLog({ logger }));
    koa.use((ctx) => {
      ctx.body = 'ok';
    });
    await request(koa.callback())
      .get(`/${'x'.repeat(3000)}`)
      .expect(200);
    expect((lines[0]?.path as string).length).toBeLessThan(1100);
  });

  it('throws TypeError at once without a logger', () => {
    expect(() => accessLog({} as never)).toThrow(TypeError);
  });
});
