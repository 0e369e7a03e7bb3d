// HTTP tests against a real site (Site.open, createWebApp, the publisher, the security policy, the
// temporary database at /temp_folder, the sessions product) over a real socket with supertest.
import request from 'supertest';
import type { ObjectManager } from '@zoa/core';
import type { BrowserIdManager } from '@zoa/sessions';
import { newBrowserId, TransientObjectContainer } from '@zoa/sessions';
import { FakeClock } from '../transience/fixtures/fake-clock';
import type { HttpSite } from '../fixtures/http-site';
import {
  browserIdOf,
  createHttpSite,
  hiddenField,
  MANAGER,
  setCookies,
} from '../fixtures/http-site';

const cookie = (id: string) => `_ZopeId=${id}`;

/** Runs `work` on the site's browser id manager and commits. */
async function changeBim(site: HttpSite, work: (bim: BrowserIdManager) => void): Promise<void> {
  await site.site.run(async (txn) => {
    work((await (await site.site.root(txn)).get('browser_id_manager')) as BrowserIdManager);
  });
}

/** The site's session data container, in a unit of work. */
async function withContainer<T>(
  site: HttpSite,
  work: (container: TransientObjectContainer) => Promise<T>,
): Promise<T> {
  return site.site.run(async (txn) => {
    const root = await site.site.root(txn);
    const temp = (await root.publishTraverse('temp_folder')) as ObjectManager;
    return work((await temp.get('session_data')) as TransientObjectContainer);
  });
}

describe('siteSessions (HTTP, real site)', () => {
  let site: HttpSite;
  let http: ReturnType<typeof request>;
  beforeEach(async () => {
    site = await createHttpSite();
    http = request(site.url);
  });
  afterEach(() => site.close());

  it('keeps a session across requests', async () => {
    const first = await http.post('/session_set?key=colour&value=green').expect(200);
    const id = browserIdOf(first) as string;
    expect(id).toHaveLength(43);
    const again = await http.get('/session_get?key=colour').set('Cookie', cookie(id)).expect(200);
    expect(again.body).toEqual({ value: 'green' });
    expect(setCookies(again)).toEqual([]); // a known id is not set again
  });

  it('sets HttpOnly, SameSite=Lax, Path=/, no Domain, no Expires, and no-store (S-04, S-05, S-06)', async () => {
    const res = await http.post('/session_set?key=a&value=1').expect(200);
    const id = browserIdOf(res) as string;
    expect(setCookies(res)).toEqual([`_ZopeId=${id}; Path=/; HttpOnly; SameSite=Lax`]);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('adds Expires with life days and Secure always when configured (S-04, S-05)', async () => {
    await changeBim(site, (bim) => bim.setSettings({ cookieLifeDays: 1, cookieSecure: 'always' }));
    const res = await http.post('/session_set?key=a&value=1').expect(200);
    expect(setCookies(res)[0]).toMatch(
      /^_ZopeId=[\w-]{43}; Path=\/; Expires=[^;]+ GMT; Max-Age=86400; Secure; HttpOnly; SameSite=Lax$/,
    );
  });

  it('sets no cookie and stores nothing for a request that never touches the session (S-24)', async () => {
    const plain = await http.get('/no_session').expect(200);
    expect(setCookies(plain)).toEqual([]);
    expect(plain.headers['cache-control']).toBeUndefined();
    const peek = await http.get('/session_peek').expect(200);
    expect(peek.body).toEqual({ exists: false, keys: [] });
    expect(setCookies(peek)).toEqual([]);
    expect(await withContainer(site, (container) => container.length)).toBe(0);
  });

  it('selects nothing for a well-formed id it does not know, and issues a new one (S-08)', async () => {
    const planted = newBrowserId();
    const res = await http
      .post('/session_set?key=a&value=1')
      .set('Cookie', cookie(planted))
      .expect(200);
    const issued = browserIdOf(res) as string;
    expect(issued).not.toBe(planted);
    expect(await withContainer(site, (container) => container.has(planted))).toBe(false);
    expect(await withContainer(site, (container) => container.has(issued))).toBe(true);
  });

  const malformed: [string, string][] = [
    ['a value one character short', `_ZopeId=${'a'.repeat(42)}`],
    ['a value with another alphabet', `_ZopeId=${'a'.repeat(41)}+/`],
    ['a Zope-style id', '_ZopeId=12345678A0C3EHnUi90w'],
    ['an encoded NUL', `_ZopeId=${'a'.repeat(40)}%00`],
    ['an encoded CR/LF', `_ZopeId=${'a'.repeat(37)}%0d%0a`],
    ['a 10 KB value', `_ZopeId=${'a'.repeat(10_240)}`],
    ['a duplicated cookie name', `_ZopeId=${newBrowserId()}; _ZopeId=${newBrowserId()}`],
    ['a quoted value', `_ZopeId="${newBrowserId()}"`],
  ];

  it.each(malformed)(
    'treats %s as a new visitor, before any lookup, never 500 (S-09)',
    async (_what, header) => {
      const get = jest.spyOn(TransientObjectContainer.prototype, 'get');
      try {
        const res = await http.post('/session_set?key=a&value=1').set('Cookie', header).expect(200);
        const issued = browserIdOf(res) as string;
        expect(issued).toHaveLength(43);
        expect(header).not.toContain(issued);
        const looked = get.mock.calls.map(([key]) => key);
        expect(looked.every((key) => !header.includes(key))).toBe(true);
      } finally {
        get.mockRestore();
      }
    },
  );

  it('deletes the session and expires the cookie on invalidate() (S-18)', async () => {
    const id = browserIdOf(await http.post('/session_set?key=a&value=1')) as string;
    const res = await http.post('/session_invalidate').set('Cookie', cookie(id)).expect(200);
    expect(setCookies(res)).toEqual([
      '_ZopeId=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax',
    ]);
    expect(res.headers['cache-control']).toBe('no-store');
    const replay = await http.get('/session_peek').set('Cookie', cookie(id)).expect(200);
    expect(replay.body).toEqual({ exists: false, keys: [] });
  });

  it('starts a new session under a new id after invalidate() in the same request (S-18)', async () => {
    const id = browserIdOf(await http.post('/session_set?key=a&value=1')) as string;
    const res = await http
      .post('/session_invalidate?renew=1')
      .set('Cookie', cookie(id))
      .expect(200);
    const renewed = browserIdOf(res) as string;
    expect(renewed).toHaveLength(43);
    expect(renewed).not.toBe(id);
    expect(setCookies(res)).toHaveLength(1);
    const peek = await http.get('/session_peek').set('Cookie', cookie(renewed)).expect(200);
    expect(peek.body).toEqual({ exists: true, keys: ['renewed'] });
    expect((await http.get('/session_peek').set('Cookie', cookie(id))).body.exists).toBe(false);
  });

  it('rotates the id at login, keeping the data; the old id is dead on replay (S-11, R-03)', async () => {
    await site.close();
    site = await createHttpSite({ manager: true });
    http = request(site.url);
    const before = browserIdOf(await http.post('/session_set?key=cart&value=book')) as string;
    const form = await http.get('/login_form').set('Accept', 'text/html').expect(200);
    const csrf = setCookies(form).find((line) => line.startsWith('__ac_csrf=')) as string;
    const login = await http
      .post('/login')
      .set('Accept', 'text/html')
      .set('Cookie', `${csrf.split(';')[0]}; ${cookie(before)}`)
      .type('form')
      .send({
        name: MANAGER.name,
        password: MANAGER.password,
        csrf_token: hiddenField(form.text, 'csrf_token'),
      })
      .expect(303);
    const after = browserIdOf(login) as string;
    expect(after).toHaveLength(43);
    expect(after).not.toBe(before);
    const kept = await http.get('/session_get?key=cart').set('Cookie', cookie(after)).expect(200);
    expect(kept.body).toEqual({ value: 'book' });
    const replay = await http.get('/session_peek').set('Cookie', cookie(before)).expect(200);
    expect(replay.body).toEqual({ exists: false, keys: [] });
    const replayGet = await http
      .get('/session_get?key=cart')
      .set('Cookie', cookie(before))
      .expect(200);
    expect(replayGet.body).toEqual({ value: null });
    expect(browserIdOf(replayGet)).not.toBe(before);
  });

  it('rotates the id from application code with rotateBrowserId (S-11)', async () => {
    const before = browserIdOf(await http.post('/session_set?key=k&value=v')) as string;
    const res = await http.post('/session_rotate').set('Cookie', cookie(before)).expect(200);
    expect(res.body).toEqual({ rotated: true });
    const after = browserIdOf(res) as string;
    expect(after).not.toBe(before);
    expect((await http.get('/session_get?key=k').set('Cookie', cookie(after))).body).toEqual({
      value: 'v',
    });
    const nothing = await http.post('/session_rotate').expect(200);
    expect(nothing.body).toEqual({ rotated: false });
    expect(setCookies(nothing)).toEqual([]);
  });

  it('answers 503 with Retry-After when the container is full, losing nothing else (R-06)', async () => {
    await site.close();
    const clock = new FakeClock();
    site = await createHttpSite({
      sessions: { maximumNumberOfSessionObjects: 2 },
      clock: clock.now,
    });
    http = request(site.url);
    const a = browserIdOf(await http.post('/session_set?key=n&value=a').expect(200)) as string;
    const b = browserIdOf(await http.post('/session_set?key=n&value=b').expect(200)) as string;
    const full = await http.post('/session_set?key=n&value=c').expect(503);
    expect(Number(full.headers['retry-after'])).toBeGreaterThan(20 * 60);
    expect(Number(full.headers['retry-after'])).toBeLessThanOrEqual(20 * 60 + 20);
    expect(setCookies(full)).toEqual([]);
    expect((await http.get('/session_get?key=n').set('Cookie', cookie(a))).body).toEqual({
      value: 'a',
    });
    expect((await http.get('/session_get?key=n').set('Cookie', cookie(b))).body).toEqual({
      value: 'b',
    });
    expect((await http.get('/no_session')).status).toBe(200);
  });

  it('keeps all 50 keys of 50 concurrent requests on one session (R-01)', async () => {
    const id = browserIdOf(await http.post('/session_set?key=start&value=1')) as string;
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        http.post(`/session_set?key=k${i}&value=${i}`).set('Cookie', cookie(id)),
      ),
    );
    expect(responses.map((res) => res.status)).toEqual(Array(50).fill(200));
    const peek = await http.get('/session_peek').set('Cookie', cookie(id)).expect(200);
    expect((peek.body as { keys: string[] }).keys.filter((k) => k.startsWith('k'))).toHaveLength(
      50,
    );
  });

  it('counts to 50 with 50 concurrent increments of one key (R-01)', async () => {
    const id = browserIdOf(await http.post('/session_incr?key=n')) as string;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => http.post('/session_incr?key=n').set('Cookie', cookie(id))),
    );
    expect(responses.map((res) => res.status)).toEqual(Array(50).fill(200));
    const final = await http.get('/session_get?key=n').set('Cookie', cookie(id)).expect(200);
    expect(final.body).toEqual({ value: 51 });
  });

  it('puts the accessor under the request name too (ctx.state.SESSION)', async () => {
    expect((await http.get('/session_state_name').expect(200)).body).toEqual({ same: true });
  });

  it('takes the id from a /_ZopeId/<id>/ URL prefix when the url namespace is on', async () => {
    const id = browserIdOf(await http.post('/session_set?key=k&value=url')) as string;
    expect((await http.get(`/_ZopeId/${id}/session_get?key=k`)).status).toBe(404);
    await changeBim(site, (bim) => bim.setBrowserIdNamespaces(['cookies', 'url']));
    const res = await http.get(`/_ZopeId/${id}/session_get?key=k`).expect(200);
    expect(res.body).toEqual({ value: 'url' });
    expect(setCookies(res)).toEqual([]);
  });

  it('takes the id from a form field only when the form namespace is on (S-21)', async () => {
    const id = browserIdOf(await http.post('/session_set?key=k&value=form')) as string;
    const off = await http.get(`/session_get?key=k&_ZopeId=${id}`).expect(200);
    expect(off.body).toEqual({ value: null });
    await changeBim(site, (bim) => bim.setBrowserIdNamespaces(['cookies', 'form']));
    const on = await http.get(`/session_get?key=k&_ZopeId=${id}`).expect(200);
    expect(on.body).toEqual({ value: 'form' });
  });

  it('never logs a browser id (S-23)', async () => {
    const id = browserIdOf(await http.post('/session_set?key=a&value=1')) as string;
    await http.get('/session_get?key=a').set('Cookie', cookie(id));
    await http.get('/nowhere').set('Cookie', cookie(id)).expect(404);
    expect(JSON.stringify(site.logs)).not.toContain(id);
  });
});

describe('siteSessions without a temporary folder', () => {
  it('degrades with a logged warning: 503 where a session is needed, the rest works', async () => {
    const site = await createHttpSite({ temporary: false });
    try {
      const http = request(site.url);
      expect(site.logs.map((entry) => entry.msg)).toContain(
        'Sessions are unavailable: there is no temporary folder at /temp_folder. ' +
          'Configure the temporary database and create its mount point once ("zoa mount /temp_folder").',
      );
      const needs = await http.get('/session_get').expect(503);
      expect(needs.headers['retry-after']).toBe('30');
      expect(setCookies(needs)).toEqual([]);
      expect((await http.get('/session_peek').expect(200)).body).toEqual({
        exists: false,
        keys: [],
      });
      expect((await http.get('/no_session')).status).toBe(200);
    } finally {
      await site.close();
    }
  });
});
