// Integration: a real Koa app with the publisher, an SQLite database, the security policy and the
// login views, driven over HTTP with supertest.
import request from 'supertest';
import { findUserFolder, parsePasswordHash } from '@zoa/core/security';
import type { SecuritySite } from './fixtures/security-site';
import {
  cookiesOf,
  createSecuritySite,
  EDITOR,
  hiddenField,
  MANAGER,
} from './fixtures/security-site';

const HTML = 'text/html,application/xhtml+xml';

describe('security views (integration)', () => {
  let site: SecuritySite;
  let http: ReturnType<typeof request>;
  beforeEach(async () => {
    site = await createSecuritySite();
    http = request(site.koa.callback());
  });
  afterEach(() => site.close());

  /** Shows the login form and returns its token and the cookie it is bound to. */
  async function loginForm(): Promise<{ token: string; cookie: string }> {
    const res = await http.get('/login_form').set('Accept', HTML).expect(200);
    return {
      token: hiddenField(res.text, 'csrf_token'),
      cookie: `__ac_csrf=${cookiesOf(res).get('__ac_csrf')}`,
    };
  }

  /** Logs in through the form; returns the response. */
  async function logIn(name: string, password: string, cameFrom = ''): Promise<request.Response> {
    const { token, cookie } = await loginForm();
    return http
      .post('/login')
      .set('Accept', HTML)
      .set('Cookie', cookie)
      .type('form')
      .send({ name, password, came_from: cameFrom, csrf_token: token });
  }

  /** Logs the manager in and returns the login cookie. */
  async function managerCookie(): Promise<string> {
    const res = await logIn(MANAGER.name, MANAGER.password);
    expect(res.status).toBe(303);
    return `__ac=${cookiesOf(res).get('__ac')}`;
  }

  it('logs in, reaches a protected view, logs out, and is anonymous again', async () => {
    const denied = await http.get('/manage_main').set('Accept', HTML).expect(401);
    expect(denied.text).toContain('<form method="post" action="/login">');
    expect(hiddenField(denied.text, 'came_from')).toBe('/manage_main');
    expect(denied.headers['www-authenticate']).toBeUndefined();

    const login = await logIn(MANAGER.name, MANAGER.password, '/manage_main');
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/manage_main');
    const cookies = cookiesOf(login);
    expect(cookies.get('__ac_csrf')).toBe('');
    const session = `__ac=${cookies.get('__ac')}`;

    const screen = await http
      .get('/manage_main')
      .set('Accept', HTML)
      .set('Cookie', session)
      .expect(200);
    expect(screen.text).toContain('<p>admin</p>');
    const token = /<p id="token">([^<]+)<\/p>/.exec(screen.text)?.[1] as string;

    const logout = await http
      .post('/logout')
      .set('Cookie', session)
      .type('form')
      .send({ csrf_token: token })
      .expect(303);
    expect(logout.headers.location).toBe('/login_form');
    expect(logout.headers['set-cookie']?.[0]).toMatch(/^__ac=; path=\/; expires=Thu, 01 Jan 1970/);

    await http.get('/manage_main').set('Accept', HTML).set('Cookie', session).expect(401);
  });

  it('M-04: refuses a login without the form token, showing the form again', async () => {
    const res = await http
      .post('/login')
      .set('Accept', HTML)
      .type('form')
      .send({ name: MANAGER.name, password: MANAGER.password })
      .expect(403);
    expect(res.text).toContain('Your login form has expired');
    expect(cookiesOf(res).has('__ac')).toBe(false);
  });

  it('M-02: refuses a cross-site login post', async () => {
    const { token, cookie } = await loginForm();
    const res = await http
      .post('/login')
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ name: MANAGER.name, password: MANAGER.password, csrf_token: token })
      .expect(403);
    expect(cookiesOf(res).has('__ac')).toBe(false);
  });

  it('M-22: answers a wrong password with 401 and the form, then 429 with Retry-After', async () => {
    for (let i = 0; i < 3; i += 1) {
      const res = await logIn(MANAGER.name, `wrong ${i}`);
      expect(res.status).toBe(401);
      expect(res.text).toContain('Login failed');
      expect(hiddenField(res.text, 'csrf_token')).not.toBe('');
    }
    const throttled = await logIn(MANAGER.name, MANAGER.password);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('900');
    site.clock.advance(15 * 60_000);
    expect((await logIn(MANAGER.name, MANAGER.password)).status).toBe(303);
  });

  it('M-20: answers an unknown user exactly like a wrong password', async () => {
    const unknown = await logIn('nobody', 'some password');
    const wrong = await logIn(MANAGER.name, 'some password');
    expect(unknown.status).toBe(401);
    const strip = (html: string): string => html.replace(/name="csrf_token" value="[^"]*"/, '');
    expect(strip(unknown.text).replace('value="nobody"', 'value="admin"')).toBe(strip(wrong.text));
  });

  it.each([
    ['/docs/?x=1', '/docs/?x=1'],
    ['//evil.com/', '/manage_main'],
    ['/\\evil.com', '/manage_main'],
    ['https://evil.com/', '/manage_main'],
    ['javascript:alert(1)', '/manage_main'],
    ['/\t/evil.com', '/manage_main'],
  ])('M-16: redirects came_from %j to %s after login', async (cameFrom, location) => {
    const res = await logIn(MANAGER.name, MANAGER.password, cameFrom);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(location);
  });

  it('answers 403 to a logged-in user without the role', async () => {
    const res = await logIn(EDITOR.name, EDITOR.password);
    const cookie = `__ac=${cookiesOf(res).get('__ac')}`;
    await http.get('/manage_main').set('Accept', HTML).set('Cookie', cookie).expect(403);
    await http.get('/').set('Cookie', cookie).expect(200);
  });

  it('M-01: protects state-changing views with the session token', async () => {
    const session = await managerCookie();
    const screen = await http.get('/manage_main').set('Cookie', session).expect(200);
    const token = /<p id="token">([^<]+)<\/p>/.exec(screen.text)?.[1] as string;
    await http
      .post('/manage_edit')
      .set('Cookie', session)
      .type('form')
      .send({ title: 'x' })
      .expect(403);
    await http
      .post('/manage_edit')
      .set('Cookie', session)
      .set('Sec-Fetch-Site', 'cross-site')
      .type('form')
      .send({ title: 'x', csrf_token: token })
      .expect(403);
    const ok = await http
      .post('/manage_edit')
      .set('Cookie', session)
      .set('Sec-Fetch-Site', 'same-origin')
      .type('form')
      .send({ title: 'Edited', csrf_token: token })
      .expect(200);
    expect(ok.body).toEqual({ title: 'Edited' });
    await site.app.withRoot((root) => expect(root.title).toBe('Edited'));
  });

  it('M-08, M-09: sends the management headers on the login pages', async () => {
    for (const res of [
      await http.get('/login_form').expect(200),
      await http.get('/manage_main').set('Accept', HTML).expect(401),
    ]) {
      expect(res.headers['content-security-policy']).toBe(
        "frame-ancestors 'none'; default-src 'self'",
      );
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    }
  });

  it('M-03: answers 405 to GET on login and logout', async () => {
    expect((await http.get('/login').expect(405)).headers.allow).toBe('POST');
    await http.get('/logout').expect(405);
  });

  it('ends a login after its lifetime and after a password change', async () => {
    const session = await managerCookie();
    site.clock.advance(8 * 3600_000);
    await http.get('/manage_main').set('Cookie', session).set('Accept', HTML).expect(401);

    const fresh = await managerCookie();
    await http.get('/manage_main').set('Cookie', fresh).expect(200);
    await site.app.withRoot(async (root) => {
      await (await findUserFolder(root))?.changePassword(MANAGER.name, 'a brand new password');
    });
    await http.get('/manage_main').set('Cookie', fresh).set('Accept', HTML).expect(401);
  });

  it('S-11: runs onLogin hooks in the login request', async () => {
    const seen: string[] = [];
    site.hooks.onLogin((ctx, user) => {
      seen.push(user.name);
      ctx.cookies.set('rotated', 'yes');
    });
    const res = await logIn(MANAGER.name, MANAGER.password);
    expect(seen).toEqual(['admin']);
    expect(cookiesOf(res).get('rotated')).toBe('yes');
  });

  it('M-19: rehashes an outdated hash at login, committed with the request', async () => {
    await site.app.withRoot(async (root) =>
      (await findUserFolder(root))?.setScryptParameters({ N: 2048, r: 8, p: 1 }),
    );
    expect((await logIn(MANAGER.name, MANAGER.password)).status).toBe(303);
    await site.app.withRoot(async (root) => {
      const hash = (await findUserFolder(root))?.getUser(MANAGER.name)?.passwordHash as string;
      expect(parsePasswordHash(hash)?.N).toBe(2048);
    });
  });

  describe('HTTP Basic', () => {
    const credentials = (name: string, password: string): string =>
      `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

    it('works for scripts', async () => {
      const res = await http
        .get('/manage_main')
        .set('Authorization', credentials(MANAGER.name, MANAGER.password))
        .expect(200);
      expect(res.text).toContain('<p>admin</p>');
    });

    it('challenges scripts on 401 with WWW-Authenticate: Basic realm="Zoa"', async () => {
      const res = await http.get('/manage_main').set('Accept', 'application/json').expect(401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="Zoa", charset="UTF-8"');
      expect(res.body).toEqual({
        error: { status: 401, title: 'Unauthorized', message: 'Unauthorized' },
      });
    });

    it('M-22: answers a wrong password with 401, then 429', async () => {
      for (let i = 0; i < 3; i += 1) {
        const res = await http
          .get('/')
          .set('Authorization', credentials(MANAGER.name, `bad ${i}`))
          .expect(401);
        expect(res.headers['www-authenticate']).toContain('Basic');
      }
      const res = await http
        .get('/manage_main')
        .set('Authorization', credentials(MANAGER.name, MANAGER.password))
        .expect(429);
      expect(res.headers['retry-after']).toBe('900');
    });

    it('lets a script post without a token, but not a browser', async () => {
      const auth = credentials(MANAGER.name, MANAGER.password);
      await http
        .post('/manage_edit')
        .set('Authorization', auth)
        .type('form')
        .send({ title: 'Script' })
        .expect(200);
      await http
        .post('/manage_edit')
        .set('Authorization', auth)
        .set('Origin', 'https://evil.example')
        .type('form')
        .send({ title: 'Evil' })
        .expect(403);
      await site.app.withRoot((root) => expect(root.title).toBe('Script'));
    });
  });

  it('never logs a password or a cookie value', async () => {
    await logIn(MANAGER.name, MANAGER.password);
    await logIn(MANAGER.name, 'wrong password');
    const logged = JSON.stringify(site.app.logEntries);
    expect(logged).not.toContain(MANAGER.password);
    expect(logged).not.toContain('wrong password');
    expect(logged).not.toMatch(/__ac/);
  });
});
