import { Database, Folder, MemoryStorage, TransactionManager } from '@zoa/core';
import type { PersistentMapping } from '@zoa/core';
import {
  BROWSER_ID_LENGTH,
  BrowserIdManager,
  BrowserIdManagerError,
  consumeUrlBrowserId,
  newBrowserId,
} from '@zoa/sessions';
import { publishedUrlNamespace } from '../../src/browser-id/url-namespace';
import { cookieValue, koaContext, setCookieLines } from '../fixtures/koa-context';

const ID = newBrowserId();
const OTHER = newBrowserId();
const NO_ID = 'There is no current browser id.';

describe('BrowserIdManager', () => {
  describe('defaults', () => {
    it('has Zope’s id, meta type and name, and Zoa’s secure defaults', () => {
      const bim = new BrowserIdManager();
      expect(bim.getId()).toBe('browser_id_manager');
      expect(bim.metaType).toBe('Browser Id Manager');
      expect(bim.getBrowserIdName()).toBe('_ZopeId');
      expect(bim.getBrowserIdNamespaces()).toEqual(['cookies']); // S-21
      expect(bim.getCookiePath()).toBe('/');
      expect(bim.getCookieDomain()).toBe('');
      expect(bim.getCookieLifeDays()).toBe(0); // S-05
      expect(bim.getCookieSecure()).toBe('auto');
      expect(bim.getCookieHttpOnly()).toBe(true);
      expect(bim.getCookieSameSite()).toBe('Lax');
      expect(bim.getAutoUrlEncoding()).toBe(false);
      expect(bim.isStrict()).toBe(true);
      expect(bim.isUrlInBidNamespaces()).toBe(false);
    });
  });

  describe('getBrowserId', () => {
    it('issues a new 43-character id and sets the cookie when the request has none (S-01)', () => {
      const bim = new BrowserIdManager();
      const ctx = koaContext();
      const id = bim.getBrowserId(ctx) as string;
      expect(id).toHaveLength(BROWSER_ID_LENGTH);
      expect(cookieValue(setCookieLines(ctx))).toBe(id);
      expect(bim.getBrowserId(ctx)).toBe(id); // the same for the rest of the request
      expect(setCookieLines(ctx)).toHaveLength(1);
      expect(bim.isBrowserIdNew(ctx)).toBe(true);
    });

    it('returns null and sets nothing without create', () => {
      const bim = new BrowserIdManager();
      const ctx = koaContext();
      expect(bim.getBrowserId(ctx, { create: false })).toBeNull();
      expect(bim.hasBrowserId(ctx)).toBe(false);
      expect(setCookieLines(ctx)).toEqual([]);
      expect(ctx.response.get('Cache-Control')).toBeFalsy();
    });

    it('reads a well-formed id from the cookie and sets no cookie', () => {
      const bim = new BrowserIdManager();
      const ctx = koaContext({ headers: { Cookie: `a=b; _ZopeId=${ID}; c=d` } });
      expect(bim.getBrowserId(ctx)).toBe(ID);
      expect(bim.hasBrowserId(ctx)).toBe(true);
      expect(bim.isBrowserIdNew(ctx)).toBe(false);
      expect(bim.isBrowserIdFromCookie(ctx)).toBe(true);
      expect(bim.isBrowserIdFromForm(ctx)).toBe(false);
      expect(bim.isBrowserIdFromUrl(ctx)).toBe(false);
      expect(setCookieLines(ctx)).toEqual([]);
    });

    it('ignores a malformed cookie and issues a new id (S-09)', () => {
      const bim = new BrowserIdManager();
      const ctx = koaContext({ headers: { Cookie: '_ZopeId=12345678A0C3EHnUi90w' } });
      const id = bim.getBrowserId(ctx);
      expect(id).not.toBe('12345678A0C3EHnUi90w');
      expect(bim.isBrowserIdNew(ctx)).toBe(true);
    });

    it('ignores form and URL ids unless those namespaces are on (S-21)', () => {
      const bim = new BrowserIdManager();
      const ctx = koaContext({ url: `/?_ZopeId=${ID}` });
      consumeUrlBrowserId(ctx, '_ZopeId');
      expect(bim.getBrowserId(ctx, { create: false })).toBeNull();
      const url = koaContext({ url: `/_ZopeId/${ID}/page` });
      expect(consumeUrlBrowserId(url, '_ZopeId')).toBe(true);
      expect(bim.getBrowserId(url, { create: false })).toBeNull();
    });

    it('looks in the namespaces in their order', () => {
      const formFirst = new BrowserIdManager({ namespaces: ['form', 'cookies'] });
      const cookieFirst = new BrowserIdManager({ namespaces: ['cookies', 'form'] });
      const request = { url: `/?_ZopeId=${ID}`, headers: { Cookie: `_ZopeId=${OTHER}` } };
      const a = koaContext(request);
      expect(formFirst.getBrowserId(a)).toBe(ID);
      expect(formFirst.isBrowserIdFromForm(a)).toBe(true);
      const b = koaContext(request);
      expect(cookieFirst.getBrowserId(b)).toBe(OTHER);
      const c = koaContext({ url: `/?_ZopeId=${ID}` });
      expect(cookieFirst.getBrowserId(c)).toBe(ID);
    });

    it('reads the publisher’s parsed form (body and query) when it runs', () => {
      const bim = new BrowserIdManager({ namespaces: ['form'] });
      const field = (value: unknown) => ({
        get: (n: string) => (n === '_ZopeId' ? value : undefined),
      });
      const none = field(undefined);
      const posted = koaContext({ zoa: { form: field(ID), query: none } });
      expect(bim.getBrowserId(posted, { create: false })).toBe(ID);
      const repeated = koaContext({ zoa: { form: none, query: field([ID, ID]) } });
      expect(bim.getBrowserId(repeated, { create: false })).toBeNull();
      const differing = koaContext({ zoa: { form: field(ID), query: field(OTHER) } });
      expect(bim.getBrowserId(differing, { create: false })).toBeNull();
    });

    it('gives the id found in the URL precedence when the url namespace is on', () => {
      const bim = new BrowserIdManager({ namespaces: ['cookies', 'url'] });
      const ctx = koaContext({ url: `/_ZopeId/${ID}`, headers: { Cookie: `_ZopeId=${OTHER}` } });
      expect(consumeUrlBrowserId(ctx, '_ZopeId')).toBe(true);
      expect(ctx.path).toBe('/');
      expect(bim.getBrowserId(ctx)).toBe(ID);
      expect(bim.isBrowserIdFromUrl(ctx)).toBe(true);
    });

    it('leaves a path alone when the pair is not well-formed', () => {
      const ctx = koaContext({ url: '/_ZopeId/short/page?x=1' });
      expect(consumeUrlBrowserId(ctx, '_ZopeId')).toBe(false);
      expect(ctx.path).toBe('/_ZopeId/short/page');
      const kept = koaContext({ url: `/_ZopeId/${ID}/a/b?x=1` });
      expect(consumeUrlBrowserId(kept, '_ZopeId')).toBe(true);
      expect(kept.path).toBe('/a/b');
      expect(kept.querystring).toBe('x=1');
    });

    it('sets no cookie for a new id when cookies are not a namespace', () => {
      const bim = new BrowserIdManager({ namespaces: ['form'] });
      const ctx = koaContext();
      expect(bim.getBrowserId(ctx)).toHaveLength(43);
      expect(setCookieLines(ctx)).toEqual([]);
    });
  });

  describe('isBrowserIdNew / isBrowserIdFrom*', () => {
    it.each([
      'isBrowserIdNew',
      'isBrowserIdFromCookie',
      'isBrowserIdFromForm',
      'isBrowserIdFromUrl',
    ] as const)('%s throws "There is no current browser id." when there is none', (method) => {
      const bim = new BrowserIdManager();
      expect(() => bim[method](koaContext())).toThrow(new BrowserIdManagerError(NO_ID));
    });
  });

  describe('cookies', () => {
    it('sets HttpOnly, SameSite=Lax, Path=/, no Domain, no Expires on http (S-04, S-05, S-06)', () => {
      const bim = new BrowserIdManager();
      const ctx = koaContext();
      const id = bim.getBrowserId(ctx) as string;
      expect(setCookieLines(ctx)).toEqual([`_ZopeId=${id}; Path=/; HttpOnly; SameSite=Lax`]);
      expect(ctx.response.get('Cache-Control')).toBe('no-store');
    });

    it('adds Secure on https, or always when configured (S-04)', () => {
      const bim = new BrowserIdManager();
      const https = koaContext({ https: true });
      bim.getBrowserId(https);
      expect(setCookieLines(https)[0]).toMatch(/; Secure; HttpOnly; SameSite=Lax$/);
      const always = new BrowserIdManager({ cookieSecure: 'always', cookieSameSite: 'Strict' });
      const http = koaContext();
      always.getBrowserId(http);
      expect(setCookieLines(http)[0]).toMatch(/; Secure; HttpOnly; SameSite=Strict$/);
    });

    it('writes Domain, Expires and Max-Age when configured, from the clock', () => {
      const bim = new BrowserIdManager({ cookieDomain: '.example.com', cookieLifeDays: 2 });
      const ctx = koaContext();
      const before = Date.now();
      bim.getBrowserId(ctx);
      const line = setCookieLines(ctx)[0] as string;
      expect(line).toContain('; Domain=.example.com; Expires=');
      expect(line).toContain('; Max-Age=172800;');
      const expires = Date.parse(/Expires=([^;]+)/.exec(line)?.[1] as string);
      expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 2 * 86_400_000);
    });

    it('supports a __Host- name with Secure always, path / and no domain (S-04)', () => {
      expect(() => new BrowserIdManager({ name: '__Host-sid', cookieSecure: 'auto' })).toThrow(
        'A cookie named "__Host-sid" requires cookie secure "always"',
      );
      expect(
        () =>
          new BrowserIdManager({ name: '__Host-sid', cookieSecure: 'always', cookiePath: '/shop' }),
      ).toThrow('requires cookie path "/" and no cookie domain');
      const bim = new BrowserIdManager({ name: '__Host-sid', cookieSecure: 'always' });
      const ctx = koaContext();
      const id = bim.getBrowserId(ctx) as string;
      expect(setCookieLines(ctx)).toEqual([
        `__Host-sid=${id}; Path=/; Secure; HttpOnly; SameSite=Lax`,
      ]);
    });

    it('flushes the cookie, and refuses to when cookies are not a namespace', () => {
      const bim = new BrowserIdManager();
      const ctx = koaContext();
      bim.getBrowserId(ctx);
      bim.flushBrowserIdCookie(ctx);
      expect(setCookieLines(ctx)).toEqual([
        '_ZopeId=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly; SameSite=Lax',
      ]);
      const formOnly = new BrowserIdManager({ namespaces: ['form'] });
      expect(() => formOnly.flushBrowserIdCookie(koaContext())).toThrow(
        'Cookies are not now being used as a browser id namespace, thus the browserid cookie cannot be flushed.',
      );
    });

    it('sets a cookie by force only for a well-formed id', () => {
      const bim = new BrowserIdManager();
      const ctx = koaContext();
      bim.setBrowserIdCookieByForce(ctx, ID);
      expect(cookieValue(setCookieLines(ctx))).toBe(ID);
      expect(bim.getBrowserId(ctx, { create: false })).toBeNull(); // the request’s id is unchanged
      expect(() => bim.setBrowserIdCookieByForce(ctx, 'x\r\nSet-Cookie: a=b')).toThrow(
        'The browser id to set is not a well-formed browser id',
      );
      const formOnly = new BrowserIdManager({ namespaces: ['form'] });
      expect(() => formOnly.setBrowserIdCookieByForce(koaContext(), ID)).toThrow(
        'thus the browserid cookie cannot be forced.',
      );
    });
  });

  describe('getHiddenFormField / encodeUrl', () => {
    it('renders the hidden field with the id', () => {
      const bim = new BrowserIdManager({ namespaces: ['cookies', 'form'] });
      const ctx = koaContext({ headers: { Cookie: `_ZopeId=${ID}` } });
      expect(bim.getHiddenFormField(ctx)).toBe(
        `<input type="hidden" name="_ZopeId" value="${ID}" />`,
      );
    });

    it('encodes the id in the query string, before any fragment', () => {
      const bim = new BrowserIdManager();
      const ctx = koaContext({ headers: { Cookie: `_ZopeId=${ID}` } });
      expect(bim.encodeUrl(ctx, '/shop')).toBe(`/shop?_ZopeId=${ID}`);
      expect(bim.encodeUrl(ctx, '/shop?a=1#top')).toBe(`/shop?a=1&_ZopeId=${ID}#top`);
    });

    it('encodes the id inline as the first two path segments', () => {
      const bim = new BrowserIdManager();
      const ctx = koaContext({ headers: { Cookie: `_ZopeId=${ID}` } });
      const inline = { style: 'inline' } as const;
      expect(bim.encodeUrl(ctx, '/shop/cart?a=1', inline)).toBe(`/_ZopeId/${ID}/shop/cart?a=1`);
      expect(bim.encodeUrl(ctx, 'https://example.com/shop', inline)).toBe(
        `https://example.com/_ZopeId/${ID}/shop`,
      );
      expect(bim.encodeUrl(ctx, 'https://example.com', inline)).toBe(
        `https://example.com/_ZopeId/${ID}/`,
      );
    });

    it('refuses without an id when not creating, and refuses unknown styles', () => {
      const bim = new BrowserIdManager();
      expect(() => bim.encodeUrl(koaContext(), '/x', { create: false })).toThrow(NO_ID);
      expect(() =>
        bim.encodeUrl(koaContext(), '/x', { style: 'path' as unknown as 'inline' }),
      ).toThrow('Bad URL encoding style "path"');
    });
  });

  describe('settings', () => {
    const bim = new BrowserIdManager();
    it.each<[string, () => void, string]>([
      [
        'name with a space',
        () => bim.setBrowserIdName('bad name'),
        'Bad id name string "bad name"',
      ],
      ['empty name', () => bim.setBrowserIdName(''), 'Bad id name string ""'],
      ['name with ?', () => bim.setBrowserIdName('a?b'), 'Bad id name string "a?b"'],
      ['name with =', () => bim.setBrowserIdName('a=b'), 'Bad id name string "a=b"'],
      [
        'unknown namespace',
        () => bim.setBrowserIdNamespaces(['header' as 'url']),
        'Bad browser id namespace "header"',
      ],
      ['no namespace', () => bim.setBrowserIdNamespaces([]), 'Bad browser id namespaces []'],
      ['path with ;', () => bim.setCookiePath('/a;b'), 'Bad cookie path "/a;b"'],
      ['path with a space', () => bim.setCookiePath('/a b'), 'Bad cookie path "/a b"'],
      ['relative path', () => bim.setCookiePath('shop'), 'Bad cookie path "shop"'],
      [
        'domain with one dot',
        () => bim.setCookieDomain('example.com'),
        'Cookie domain must contain at least two dots',
      ],
      [
        'domain with <',
        () => bim.setCookieDomain('www.example.<com'),
        'Bad characters in cookie domain',
      ],
      ['fractional life days', () => bim.setCookieLifeDays(1.5), 'Bad cookie lifetime in days 1.5'],
      ['negative life days', () => bim.setCookieLifeDays(-1), 'Bad cookie lifetime in days -1'],
      [
        'unknown secure',
        () => bim.setCookieSecure('never' as 'auto'),
        'Bad cookie secure setting "never"',
      ],
      [
        'unknown SameSite',
        () => bim.setCookieSameSite('lax' as 'Lax'),
        'Bad cookie SameSite value "lax"',
      ],
      [
        'SameSite=None without Secure',
        () => bim.setCookieSameSite('None'),
        'SameSite=None requires the Secure attribute',
      ],
      [
        'non-boolean HttpOnly',
        () => bim.setCookieHttpOnly(1 as unknown as boolean),
        'Cookie HttpOnly must be true or false',
      ],
      [
        'non-boolean auto URL',
        () => bim.setAutoUrlEncoding('yes' as unknown as boolean),
        'Auto URL encoding must be true or false',
      ],
    ])('refuses a %s with BrowserIdManagerError', (_what, change, message) => {
      expect(change).toThrow(BrowserIdManagerError);
      expect(change).toThrow(message);
      expect(bim.getSettings()).toEqual(new BrowserIdManager().getSettings());
    });

    it('accepts good values, and Zope’s booleans for Secure', () => {
      const changed = new BrowserIdManager();
      changed.setBrowserIdName('sid');
      changed.setBrowserIdNamespaces(['url', 'cookies']);
      changed.setCookiePath('/shop');
      changed.setCookieDomain('www.example.com');
      changed.setCookieLifeDays(7);
      changed.setCookieSecure(true);
      changed.setCookieSameSite('None');
      changed.setCookieHttpOnly(false);
      changed.setAutoUrlEncoding(true);
      changed.setStrict(false);
      expect(changed.getSettings()).toEqual({
        name: 'sid',
        namespaces: ['url', 'cookies'],
        cookiePath: '/shop',
        cookieDomain: 'www.example.com',
        cookieLifeDays: 7,
        cookieSecure: 'always',
        cookieHttpOnly: false,
        cookieSameSite: 'None',
        autoUrlEncoding: true,
        strict: false,
      });
      expect(changed.isUrlInBidNamespaces()).toBe(true);
      changed.setCookieDomain('');
      expect(changed.getCookieDomain()).toBe('');
    });

    it('changes several settings at once, or none when one is bad', () => {
      const changed = new BrowserIdManager();
      changed.setSettings({ cookieSecure: 'always', cookieSameSite: 'None' });
      expect(changed.getCookieSameSite()).toBe('None');
      expect(() => changed.setSettings({ cookiePath: '/x', cookieLifeDays: -3 })).toThrow();
      expect(changed.getCookiePath()).toBe('/');
    });
  });

  describe('stored in a database', () => {
    it('keeps its settings, refuses renames, and publishes its URL namespace for the middleware', async () => {
      const db = await Database.open(new MemoryStorage());
      const tm = new TransactionManager();
      await tm.run(async (txn) => {
        const root = await (await txn.open(db)).root<PersistentMapping>();
        const folder = new Folder('site');
        root.set('site', folder);
        await folder.setObject('browser_id_manager', new BrowserIdManager({ cookieLifeDays: 3 }));
      });
      const bimIn = async (txn: Parameters<Parameters<typeof tm.run>[0]>[0]) => {
        const root = await (await txn.open(db)).root<PersistentMapping>();
        const folder = await (root.get('site') as Folder).activate();
        return { folder, bim: (await folder.get('browser_id_manager')) as BrowserIdManager };
      };
      await tm.run(async (txn) => {
        const { folder, bim } = await bimIn(txn);
        expect(bim.getCookieLifeDays()).toBe(3);
        await expect(folder.renameObject('browser_id_manager', 'bim')).rejects.toThrow(
          'Cannot rename a browser id manager',
        );
        await expect(folder.setObject('other', new BrowserIdManager())).rejects.toThrow(
          'Cannot rename a browser id manager',
        );
        bim.setBrowserIdNamespaces(['cookies', 'url']);
      });
      expect(publishedUrlNamespace(db)).toEqual({
        name: '_ZopeId',
        enabled: true,
        autoUrlEncoding: false,
      });
      await db.close();
    });
  });
});
