import request from 'supertest';
import { loginErrorRenderer } from '@zoa/core/security';
import type { SecuritySite } from './fixtures/security-site';
import { cookiesOf, createSecuritySite, EDITOR, hiddenField } from './fixtures/security-site';

const HTML = 'text/html';

describe('loginErrorRenderer', () => {
  let site: SecuritySite;
  let http: ReturnType<typeof request>;
  beforeEach(async () => {
    site = await createSecuritySite();
    http = request(site.koa.callback());
  });
  afterEach(() => site.close());

  it('shows the login form for a browser 401, with came_from and a CSRF cookie', async () => {
    const res = await http.get('/manage_main?tab=2').set('Accept', HTML).expect(401);
    expect(res.text).toContain('Please log in to continue.');
    expect(hiddenField(res.text, 'came_from')).toBe('/manage_main?tab=2');
    expect(cookiesOf(res).get('__ac_csrf')).toMatch(/^[\w-]{22}\.\d+\.[\w-]+$/);
  });

  it('leaves came_from empty for a POST (the URL could not be retrieved with GET)', async () => {
    const res = await http
      .post('/manage_edit')
      .set('Accept', HTML)
      .type('form')
      .send({})
      .expect(401);
    expect(hiddenField(res.text, 'came_from')).toBe('');
  });

  it('M-16: leaves came_from empty when the request target is not a safe path', async () => {
    const res = await http.get('//manage_main').set('Accept', HTML).expect(401);
    expect(hiddenField(res.text, 'came_from')).toBe('');
  });

  it('renders other errors with the fallback', async () => {
    const login = await http
      .get('/login_form')
      .set('Accept', HTML)
      .then(async (form) =>
        http
          .post('/login')
          .set('Cookie', `__ac_csrf=${cookiesOf(form).get('__ac_csrf')}`)
          .type('form')
          .send({ ...EDITOR, csrf_token: hiddenField(form.text, 'csrf_token') }),
      );
    const cookie = `__ac=${cookiesOf(login).get('__ac')}`;
    const forbidden = await http
      .get('/manage_main')
      .set('Accept', HTML)
      .set('Cookie', cookie)
      .expect(403);
    expect(forbidden.text).toContain('<h1>Forbidden</h1>');
    expect(forbidden.text).not.toContain('<form');
    const missing = await http.get('/nothing/here').set('Accept', HTML).expect(404);
    expect(missing.text).toContain('<h1>Not Found</h1>');
  });

  it('uses a custom fallback', () => {
    const render = loginErrorRenderer(() => 'custom');
    const ctx = { method: 'GET' } as Parameters<typeof render>[1];
    expect(
      render({ status: 500, title: 'Internal Server Error', message: 'x', headers: {} }, ctx),
    ).toBe('custom');
  });
});
