// Auto URL encoding against a real site: generated URLs and redirects carry /_ZopeId/<id>.
import request from 'supertest';
import type { ObjectManager } from '@zoa/core';
import type { BrowserIdManager } from '@zoa/sessions';
import { isWellFormedBrowserId, newBrowserId, TransientObjectContainer } from '@zoa/sessions';
import type { HttpSite } from '../fixtures/http-site';
import { createHttpSite, hiddenField, MANAGER, setCookies } from '../fixtures/http-site';

async function changeBim(site: HttpSite, work: (bim: BrowserIdManager) => void): Promise<void> {
  await site.site.run(async (txn) => {
    work((await (await site.site.root(txn)).get('browser_id_manager')) as BrowserIdManager);
  });
}

async function sessionCount(site: HttpSite): Promise<number> {
  return site.site.run(async (txn) => {
    const temp = (await (
      await site.site.root(txn)
    ).publishTraverse('temp_folder')) as ObjectManager;
    const container = await temp.get('session_data');
    return container instanceof TransientObjectContainer ? container.length : 0;
  });
}

/** The id in a `/_ZopeId/<id>/…` URL. */
function idIn(url: string): string | undefined {
  return /^\/_ZopeId\/([^/]+)\//.exec(url)?.[1];
}

describe('encodeBrowserIdInUrls (auto URL encoding, HTTP, real site)', () => {
  let site: HttpSite;
  let http: ReturnType<typeof request>;
  beforeEach(async () => {
    site = await createHttpSite();
    http = request(site.url);
    await changeBim(site, (bim) => {
      bim.setBrowserIdNamespaces(['url']);
      bim.setAutoUrlEncoding(true);
    });
  });
  afterEach(() => site.close());

  it('puts an id issued mid-request into the URLs generated afterwards', async () => {
    const res = await http.get('/session_links?touch=1').expect(200);
    expect(setCookies(res)).toEqual([]); // url only: no cookie
    const id = idIn(res.body.after as string) as string;
    expect(isWellFormedBrowserId(id)).toBe(true);
    expect(res.body).toEqual({
      before: '/',
      after: `/_ZopeId/${id}/`,
      base: `/_ZopeId/${id}`,
      url: `/_ZopeId/${id}/session_links`,
    });
    const next = await http.get(`/_ZopeId/${id}/session_links`).expect(200);
    expect(next.body.before).toBe(`/_ZopeId/${id}/`); // from the URL, before any session use
    expect((await http.get(`/_ZopeId/${id}/session_get?key=seen`)).body).toEqual({ value: true });
  });

  it('carries the id in the trailing-slash redirect and in origin-relative redirects', async () => {
    const id = idIn((await http.get('/session_links?touch=1')).body.after as string) as string;
    const slash = await http.get(`/_ZopeId/${id}/temp_folder`).redirects(0);
    expect(slash.status).toBe(301);
    expect(slash.headers.location).toBe(`/_ZopeId/${id}/temp_folder/`);
    const moved = await http.get(`/_ZopeId/${id}/session_redirect`).redirects(0).expect(302);
    expect(moved.headers.location).toBe(`/_ZopeId/${id}/no_session?from=redirect`);
    const fresh = await http.get('/session_redirect?touch=1').redirects(0).expect(302);
    const issued = idIn(fresh.headers.location as string) as string;
    expect(isWellFormedBrowserId(issued)).toBe(true);
    expect(fresh.headers.location).toBe(`/_ZopeId/${issued}/no_session?from=redirect`);
  });

  it('creates no id just for encoding when the session is not touched (S-24)', async () => {
    const res = await http.get('/session_links').expect(200);
    expect(res.body).toEqual({ before: '/', after: '/', base: '', url: '/session_links' });
    expect(setCookies(res)).toEqual([]);
    const moved = await http.get('/session_redirect').redirects(0).expect(302);
    expect(moved.headers.location).toBe('/no_session?from=redirect');
    expect(await sessionCount(site)).toBe(0);
  });

  it('replaces an unknown URL id by the one issued for the session (S-08)', async () => {
    const unknown = newBrowserId();
    const res = await http.get(`/_ZopeId/${unknown}/session_links?touch=1`).expect(200);
    const issued = idIn(res.body.after as string) as string;
    expect(issued).not.toBe(unknown);
    expect(res.body.url).toBe(`/_ZopeId/${issued}/session_links`);
  });

  it('leaves URLs alone when auto URL encoding is off, or url is not a namespace', async () => {
    const id = idIn((await http.get('/session_links?touch=1')).body.after as string) as string;
    await changeBim(site, (bim) => bim.setAutoUrlEncoding(false));
    const off = await http.get(`/_ZopeId/${id}/session_links?touch=1`).expect(200);
    expect(off.body.after).toBe('/');
    expect((await http.get(`/_ZopeId/${id}/temp_folder`).redirects(0)).headers.location).toBe(
      '/temp_folder/',
    );
    await changeBim(site, (bim) => {
      bim.setAutoUrlEncoding(true);
      bim.setBrowserIdNamespaces(['cookies']);
    });
    expect((await http.get('/session_links?touch=1').expect(200)).body.after).toBe('/');
  });

  it('sends the rotated id, never the old one, in the redirect after login (S-11)', async () => {
    await site.close();
    site = await createHttpSite({ manager: true });
    http = request(site.url);
    await changeBim(site, (bim) => {
      bim.setBrowserIdNamespaces(['url']);
      bim.setAutoUrlEncoding(true);
    });
    const old = idIn((await http.get('/session_links?touch=1')).body.after as string) as string;
    await http.post(`/_ZopeId/${old}/session_set?key=cart&value=book`).expect(200);
    const form = await http.get(`/_ZopeId/${old}/login_form`).set('Accept', 'text/html');
    const csrf = setCookies(form).find((line) => line.startsWith('__ac_csrf=')) as string;
    const login = await http
      .post(`/_ZopeId/${old}/login`)
      .set('Accept', 'text/html')
      .set('Cookie', csrf.split(';')[0] as string)
      .type('form')
      .send({
        name: MANAGER.name,
        password: MANAGER.password,
        csrf_token: hiddenField(form.text, 'csrf_token'),
        came_from: `/_ZopeId/${old}/session_links`,
      })
      .expect(303);
    const location = login.headers.location as string;
    const rotated = idIn(location) as string;
    expect(isWellFormedBrowserId(rotated)).toBe(true);
    expect(rotated).not.toBe(old);
    expect(location).toBe(`/_ZopeId/${rotated}/session_links`);
    const kept = await http.get(`/_ZopeId/${rotated}/session_get?key=cart`).expect(200);
    expect(kept.body).toEqual({ value: 'book' });
    const replay = await http.get(`/_ZopeId/${old}/session_peek`).expect(200);
    expect(replay.body).toEqual({ exists: false, keys: [] });
  });

  it('never logs a browser id carried in or generated into URLs (S-23)', async () => {
    const id = idIn((await http.get('/session_links?touch=1')).body.after as string) as string;
    await http.get(`/_ZopeId/${id}/session_links`).expect(200);
    await http.get(`/_ZopeId/${id}/temp_folder`).redirects(0).expect(301);
    await http.get(`/_ZopeId/${id}/session_redirect`).redirects(0).expect(302);
    await http.get(`/_ZopeId/${id}/nowhere`).expect(404);
    expect(site.logs.some((entry) => (entry as { path?: string }).path === '/nowhere')).toBe(true);
    expect(JSON.stringify(site.logs)).not.toContain(id);
  });
});
