// The sessions product's ZMI screens over HTTP: the container's settings (item count, the
// warning, a new timeout dropping the data), its live sessions (keyed hashes only, S-23), the
// browser id manager's and the session data manager's settings, the container defaults, and
// the ZMI's rules (CSRF, headers, escaping).
import type { ObjectManager } from '@zoa/core';
import type { BrowserIdManager, SessionDataManager, TransientObjectContainer } from '@zoa/sessions';
import { newBrowserId } from '@zoa/sessions';
import { formatTime, itemCountText } from '../../src/zmi';
import { Browser, createSessionsZmiSite, messageOf, textOf } from './fixtures/zmi-sessions-site';
import type { ZmiSite } from './fixtures/zmi-sessions-site';

const CONTAINER = '/temp_folder/session_data';

describe('sessions screens', () => {
  let z: ZmiSite;
  let browser: Browser;
  beforeEach(async () => {
    z = await createSessionsZmiSite();
    browser = new Browser(z.http);
    await browser.logIn();
  });
  afterEach(() => z.close());

  const container = () =>
    z.withRoot(async (root) => {
      const temp = (await root.publishTraverse('temp_folder')) as ObjectManager;
      return (await temp.get('session_data')) as TransientObjectContainer;
    });
  const rootObject = <T>(id: string) => z.withRoot(async (root) => (await root.get(id)) as T);

  async function addSessions(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => newBrowserId());
    await z.withRoot(async (root) => {
      const temp = (await root.publishTraverse('temp_folder')) as ObjectManager;
      const toc = (await temp.get('session_data')) as TransientObjectContainer;
      for (const id of ids) (await toc.new(id)).set('cart', ['book']);
    });
    return ids;
  }

  it('words the item count as Zope does', () => {
    expect(itemCountText(0)).toBe('There are no items in this container.');
    expect(itemCountText(1)).toBe('1 item is in this container.');
    expect(itemCountText(7)).toBe('7 items are in this container.');
    expect(formatTime(Date.UTC(2026, 10, 26, 10, 30, 5))).toBe('2026-11-26 10:30:05 UTC');
  });

  it('shows the container settings, the item count and the warning', async () => {
    const empty = await browser.get(`${CONTAINER}/manage_main`);
    expect(empty.status).toBe(200);
    expect(empty.headers['x-frame-options']).toBe('DENY');
    expect(empty.text).toContain('There are no items in this container.');
    expect(empty.text).toContain('name="timeoutMinutes" value="20"');
    expect(empty.text).toContain('name="periodSeconds" value="20"');
    expect(empty.text).toContain('name="absoluteTimeoutMinutes" value="0"');
    expect(empty.text).toContain(
      'Changing the timeout or the resolution, or turning the absolute timeout on, drops all data',
    );
    await addSessions(1);
    expect((await browser.get(`${CONTAINER}/manage_main`)).text).toContain(
      '1 item is in this container.',
    );
    await addSessions(2);
    expect((await browser.get(`${CONTAINER}/manage_main`)).text).toContain(
      '3 items are in this container.',
    );
  });

  it('S-23: lists live sessions with their times, never their browser ids', async () => {
    const ids = await addSessions(3);
    const page = await browser.get(`${CONTAINER}/manage_sessions`);
    expect(page.status).toBe(200);
    expect(page.text.match(/<code>[\w-]{12}<\/code>/g)).toHaveLength(3);
    for (const id of ids) {
      expect(page.text).not.toContain(id);
      expect(page.text).not.toContain(id.slice(0, 12));
    }
    expect(page.text).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    expect(page.text).toContain('<td class="num">1</td>');
    const ended = await browser.post(`${CONTAINER}/manage_endSessions`);
    expect(messageOf(ended)).toBe('Ended 3 sessions.');
    expect(await (await container()).length).toBe(0);
  });

  it('changes the timeout, which drops every item, and the other settings', async () => {
    await addSessions(2);
    const res = await browser.post(`${CONTAINER}/manage_changeContainer`, {
      title: 'Sessions',
      timeoutMinutes: '60',
      periodSeconds: '30',
      limit: '500',
      addNotification: '',
      delNotification: '/on_end',
    });
    expect(messageOf(res)).toBe('Saved changes. The new timeout dropped every item.');
    const toc = await container();
    expect(toc.getTimeoutMinutes()).toBe(60);
    expect(toc.getPeriodSeconds()).toBe(30);
    expect(toc.getSubobjectLimit()).toBe(500);
    expect(toc.getDelNotificationTarget()).toBe('/on_end');
    expect(toc.title).toBe('Sessions');
    expect(await toc.length).toBe(0);
    const same = await browser.post(`${CONTAINER}/manage_changeContainer`, {
      title: 'Sessions',
      timeoutMinutes: '60',
      periodSeconds: '30',
      limit: '500',
    });
    expect(messageOf(same)).toBe('Saved changes.');
  });

  it('S-15: turns the absolute timeout on (dropping every item), changes it, and refuses a bad one', async () => {
    await addSessions(2);
    const settings = { timeoutMinutes: '20', periodSeconds: '20', limit: '0' };
    const on = await browser.post(`${CONTAINER}/manage_changeContainer`, {
      ...settings,
      absoluteTimeoutMinutes: '480',
    });
    expect(messageOf(on)).toBe('Saved changes. The new timeout dropped every item.');
    let toc = await container();
    expect(toc.getAbsoluteTimeoutMinutes()).toBe(480);
    expect(await toc.length).toBe(0);
    expect((await browser.get(`${CONTAINER}/manage_main`)).text).toContain(
      'name="absoluteTimeoutMinutes" value="480"',
    );
    await addSessions(1);
    const changed = await browser.post(`${CONTAINER}/manage_changeContainer`, {
      ...settings,
      absoluteTimeoutMinutes: '60',
    });
    expect(messageOf(changed)).toBe('Saved changes.');
    toc = await container();
    expect(toc.getAbsoluteTimeoutMinutes()).toBe(60);
    expect(await toc.length).toBe(1);
    const bad = await browser.post(`${CONTAINER}/manage_changeContainer`, {
      ...settings,
      absoluteTimeoutMinutes: '-5',
    });
    expect(bad.status).toBe(400);
    expect(textOf(bad.text)).toContain('The absolute timeout must be a whole number.');
    expect((await container()).getAbsoluteTimeoutMinutes()).toBe(60);
  });

  it('refuses a resolution that does not divide the timeout, changing nothing', async () => {
    await addSessions(1);
    const res = await browser.post(`${CONTAINER}/manage_changeContainer`, {
      title: 'Changed',
      timeoutMinutes: '1',
      periodSeconds: '7',
      limit: '0',
    });
    expect(res.status).toBe(400);
    expect(textOf(res.text)).toContain(
      'timeout seconds (60) must be evenly divisible by resolution (7)',
    );
    const toc = await container();
    expect(toc.getTimeoutMinutes()).toBe(20);
    expect(toc.title).not.toBe('Changed');
    expect(await toc.length).toBe(1);
    const words = await browser.post(`${CONTAINER}/manage_changeContainer`, {
      timeoutMinutes: 'twenty',
      periodSeconds: '20',
      limit: '0',
    });
    expect(textOf(words.text)).toContain('The timeout must be a whole number.');
  });

  it('M-01: refuses a settings change without the token', async () => {
    const res = await browser.post(`${CONTAINER}/manage_changeContainer`, {
      csrf_token: '',
      timeoutMinutes: '5',
      periodSeconds: '20',
      limit: '0',
    });
    expect(res.status).toBe(403);
    expect((await container()).getTimeoutMinutes()).toBe(20);
  });

  it('shows and changes every browser id manager setting', async () => {
    const page = await browser.get('/browser_id_manager/manage_main');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="name" value="_ZopeId"');
    expect(page.text).toContain('name="namespaces" value="cookies"');
    expect(page.text).toContain('<option value="Lax" selected>Lax</option>');
    const res = await browser.post('/browser_id_manager/manage_changeBrowserIdManager', {
      title: 'Browser ids',
      name: '__Host-zid',
      namespaces: 'cookies form',
      cookiePath: '/',
      cookieDomain: '',
      cookieLifeDays: '7',
      cookieSecure: 'always',
      cookieSameSite: 'Strict',
      strict: 'on',
    });
    expect(messageOf(res)).toBe('Saved changes.');
    const bim = await rootObject<BrowserIdManager>('browser_id_manager');
    expect(bim.title).toBe('Browser ids');
    expect(bim.getSettings()).toEqual({
      name: '__Host-zid',
      namespaces: ['cookies', 'form'],
      cookiePath: '/',
      cookieDomain: '',
      cookieLifeDays: 7,
      cookieSecure: 'always',
      cookieHttpOnly: false,
      cookieSameSite: 'Strict',
      autoUrlEncoding: false,
      strict: true,
    });
  });

  it('refuses a bad browser id setting, changing nothing', async () => {
    const res = await browser.post('/browser_id_manager/manage_changeBrowserIdManager', {
      title: 'Changed',
      name: '_ZopeId',
      namespaces: 'cookies carrier-pigeon',
      cookiePath: '/',
      cookieLifeDays: '0',
      cookieSecure: 'auto',
      cookieSameSite: 'Lax',
      cookieHttpOnly: 'on',
      strict: 'on',
    });
    expect(res.status).toBe(400);
    expect(textOf(res.text)).toContain('carrier-pigeon');
    const bim = await rootObject<BrowserIdManager>('browser_id_manager');
    expect(bim.getBrowserIdNamespaces()).toEqual(['cookies']);
    expect(bim.title).not.toBe('Changed');
  });

  it('shows the session data manager settings, warning when the path gives no container', async () => {
    const page = await browser.get('/session_data_manager/manage_main');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="containerPath" value="/temp_folder/session_data"');
    expect(page.text).toContain('name="requestName" value="SESSION"');
    expect(page.text).not.toContain('zmi-warning');
    const res = await browser.post('/session_data_manager/manage_changeSessionDataManager', {
      title: 'Sessions',
      containerPath: '/nowhere/session_data',
      requestName: 'SESSION',
    });
    expect(messageOf(res)).toBe('Saved changes.');
    const warned = await browser.get('/session_data_manager/manage_main');
    expect(warned.text).toContain(
      'There is no transient object container at /nowhere/session_data: sessions are not available.',
    );
    const bad = await browser.post('/session_data_manager/manage_changeSessionDataManager', {
      containerPath: '/temp_folder/<script>',
      requestName: 'SESSION',
    });
    expect(bad.status).toBe(400);
    expect(textOf(bad.text)).toContain('contains characters invalid in a Zope object path');
    expect((await rootObject<SessionDataManager>('session_data_manager')).getContainerPath()).toBe(
      '/nowhere/session_data',
    );
  });

  it('changes the container defaults', async () => {
    const page = await browser.get('/session_data_manager/manage_containerDefaults');
    expect(page.text).toContain('name="timeoutMinutes" value="20"');
    const res = await browser.post('/session_data_manager/manage_changeContainerDefaults', {
      timeoutMinutes: '30',
      periodSeconds: '30',
      limit: '10000',
      addNotificationPath: '',
      delNotificationPath: '',
    });
    expect(res.status).toBe(303);
    const sdm = await rootObject<SessionDataManager>('session_data_manager');
    expect(sdm.getContainerDefaults()).toEqual({
      timeoutMinutes: 30,
      periodSeconds: 30,
      absoluteTimeoutMinutes: 0,
      limit: 10000,
      addNotificationPath: '',
      delNotificationPath: '',
    });
    const absolute = await browser.post('/session_data_manager/manage_changeContainerDefaults', {
      timeoutMinutes: '30',
      periodSeconds: '30',
      absoluteTimeoutMinutes: '480',
      limit: '10000',
    });
    expect(absolute.status).toBe(303); // S-15
    expect(
      (await rootObject<SessionDataManager>('session_data_manager')).getContainerDefaults()
        .absoluteTimeoutMinutes,
    ).toBe(480);
    const bad = await browser.post('/session_data_manager/manage_changeContainerDefaults', {
      timeoutMinutes: '1',
      periodSeconds: '7',
      limit: '0',
    });
    expect(bad.status).toBe(400);
  });

  it('M-12: keeps titles and paths inert', async () => {
    const payload = '"><img src=x onerror=alert(1)>{{ 7*7 }}';
    await browser.post(`${CONTAINER}/manage_changeContainer`, {
      title: payload,
      timeoutMinutes: '20',
      periodSeconds: '20',
      limit: '0',
    });
    for (const url of [
      `${CONTAINER}/manage_main`,
      `${CONTAINER}/manage_sessions`,
      '/temp_folder/manage_main',
    ]) {
      const page = await browser.get(url);
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;{{ 7*7 }}');
    }
  });
});
