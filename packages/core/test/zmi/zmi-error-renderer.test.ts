// Error pages of management URLs in the ZMI's frame, with the management headers (M-08, M-09),
// when the site's error handler uses zmiErrorRenderer behind the login renderer.
import Koa from 'koa';
import request from 'supertest';
import { errorHandler, publisher } from '@zoa/core/publisher';
import { loginErrorRenderer } from '@zoa/core/security';
import { zmiErrorRenderer } from '../../src/zmi';
import { Browser, createZmiSite, EDITOR, HTML } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

describe('zmiErrorRenderer', () => {
  let z: ZmiSite;
  let http: ReturnType<typeof request>;
  beforeAll(async () => {
    z = await createZmiSite({ temporary: false });
    const koa = new Koa();
    koa.use(errorHandler({ renderHtml: loginErrorRenderer(zmiErrorRenderer()) }));
    koa.use(publisher({ app: z.site }));
    http = request(koa.callback());
  });
  afterAll(() => z.close());

  it('M-08/M-09: shows a 403 of a screen in the ZMI frame with the management headers', async () => {
    const editor = new Browser(http);
    expect((await editor.logIn(EDITOR.name, EDITOR.password)).status).toBe(303);
    const res = await editor.get('/manage_main');
    expect(res.status).toBe(403);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<h1>403 Forbidden</h1>');
    expect(res.text).toContain('zmi.css');
  });

  it('escapes the message of a refused action', async () => {
    const manager = new Browser(http);
    await manager.logIn();
    const res = await manager.post('/manage_moveObjects', { ids: 'acl_users', direction: '<b>' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Move up, down, to the top or to the bottom.');
    const missing = await manager.get('/manage_nothing<script>');
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain('<script>');
  });

  it('leaves other errors and the login form to the other renderers', async () => {
    const plain = await http.get('/nothing/here').set('Accept', HTML);
    expect(plain.status).toBe(404);
    expect(plain.text).not.toContain('zmi.css');
    const login = await http.get('/manage_main').set('Accept', HTML);
    expect(login.status).toBe(401);
    expect(login.text).toContain('action="/login"');
  });
});
