import request from 'supertest';
import { restoreResponse, snapshotResponse } from '@zoa/core/publisher';
import Koa from 'koa';

describe('snapshotResponse', () => {
  it('restores status, headers, cookies and body after changes', async () => {
    const koa = new Koa();
    koa.use((ctx) => {
      ctx.set('X-Before', '1');
      ctx.cookies.set('before', 'yes');
      const snapshot = snapshotResponse(ctx);
      ctx.status = 418;
      ctx.set('X-During', '1');
      ctx.cookies.set('during', 'yes');
      ctx.body = 'during';
      restoreResponse(ctx, snapshot);
      ctx.status = 200;
      ctx.body = 'after';
    });
    const res = await request(koa.callback()).get('/').expect(200, 'after');
    expect(res.headers['x-before']).toBe('1');
    expect(res.headers['x-during']).toBeUndefined();
    expect(res.headers['set-cookie']).toEqual([expect.stringContaining('before=yes')]);
  });

  it('restores a body-less 404 so that Koa answers Not Found', async () => {
    const koa = new Koa();
    koa.use((ctx) => {
      const snapshot = snapshotResponse(ctx);
      ctx.body = { a: 1 };
      restoreResponse(ctx, snapshot);
    });
    await request(koa.callback()).get('/').expect(404);
  });
});
