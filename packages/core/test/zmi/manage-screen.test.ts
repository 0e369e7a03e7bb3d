// The rules every ZMI screen and action follows: login (401 with the form) and roles (403),
// the management headers (M-08, M-09), CSRF tokens and Sec-Fetch-Site on every POST (M-01,
// M-02), no state change on GET (M-03), and tabs per class.
import { MANAGEMENT_HEADERS } from '@zoa/core/security';
import { File, Folder, Page } from '@zoa/core/tree';
import type { Application } from '@zoa/core/tree';
// the ZMI is not an exported subpath yet: its tests import it (and what they pass it) from source
import { ViewRegistry } from '../../src/publisher/view-registry';
import { Folder as SourceFolder } from '../../src/tree/folder';
import { manageTabsOf, registerManageScreen } from '../../src/zmi';
import { Browser, createZmiSite, EDITOR, hiddenField, HTML } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

const SCREENS = [
  '/manage_main',
  '/manage_propertiesForm',
  '/manage_controlPanel',
  '/manage_access',
  '/manage_addForm?type=Folder',
  '/manage_addForm?type=Mount%20Point',
  '/acl_users/manage_main',
  '/acl_users/manage_addUserForm',
  '/docs/manage_main',
  '/docs/manage_propertiesForm',
  '/docs/intro/manage_main',
  '/docs/intro/manage_preview',
  '/docs/logo.png/manage_main',
];

describe('ZMI screens and actions', () => {
  let z: ZmiSite;
  let manager: Browser;
  beforeAll(async () => {
    z = await createZmiSite();
    await z.withRoot(async (root: Application) => {
      const docs = await root.setObject('docs', new Folder('docs', 'Documents'));
      await docs.setObject('intro', new Page('intro', '<h1>{{ context.title }}</h1>'));
      await docs.setObject('logo.png', new File('logo.png', 'x', { contentType: 'image/png' }));
    });
    manager = new Browser(z.http);
    expect((await manager.logIn()).status).toBe(303);
  });
  afterAll(() => z.close());

  it.each(SCREENS)('M-08/M-09: %s answers 200 with the management headers', async (url) => {
    const res = await manager.get(url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-frame-options']).toBe(MANAGEMENT_HEADERS['X-Frame-Options']);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.text).toContain('name="csrf_token"');
  });

  it.each(SCREENS)('answers an anonymous browser on %s with the login form (401)', async (url) => {
    const res = await z.http.get(url).set('Accept', HTML);
    expect(res.status).toBe(401);
    expect(res.text).toContain('action="/login"');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('answers 403 to a logged-in user without the Manager role', async () => {
    const editor = new Browser(z.http);
    expect((await editor.logIn(EDITOR.name, EDITOR.password)).status).toBe(303);
    expect((await editor.get('/manage_main')).status).toBe(403);
    const token = hiddenField((await manager.get('/manage_main')).text, 'csrf_token');
    const res = await editor.post('/manage_addObject', {
      type: 'Folder',
      id: 'x',
      csrf_token: token,
    });
    expect(res.status).toBe(403);
    await z.withRoot(async (root) => expect(await root.has('x')).toBe(false));
  });

  it('M-01: refuses an action without a token, with another token, and keeps the tree unchanged', async () => {
    for (const csrf_token of ['', 'x'.repeat(43), manager.token.slice(1)]) {
      const res = await manager.post('/manage_addObject', {
        type: 'Folder',
        id: 'forged',
        csrf_token,
      });
      expect(res.status).toBe(403);
      // error pages come from the error handler: nosniff and no-store (it drops the view's headers)
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    await z.withRoot(async (root) => expect(await root.has('forged')).toBe(false));
  });

  it('M-04: the login form of the ZMI is protected by its own token', async () => {
    const res = await z.http
      .post('/login')
      .set('Accept', HTML)
      .type('form')
      .send({ name: 'admin', password: 'correct horse battery', came_from: '/manage_main' });
    expect(res.status).toBe(403);
    expect(String(res.headers['set-cookie'] ?? '')).not.toMatch(/__ac=[^;]/);
  });

  it('M-02: refuses a cross-site action even with a valid token', async () => {
    const res = await manager.post(
      '/manage_addObject',
      { type: 'Folder', id: 'crossed' },
      { 'Sec-Fetch-Site': 'cross-site' },
    );
    expect(res.status).toBe(403);
    await z.withRoot(async (root) => expect(await root.has('crossed')).toBe(false));
  });

  it('M-03: answers GET on every action with 405 and changes nothing', async () => {
    const actions = [
      '/manage_addObject?type=Folder&id=byget',
      '/manage_delObjects?ids=docs',
      '/manage_cutObjects?ids=docs',
      '/manage_copyObjects?ids=docs',
      '/manage_pasteObjects',
      '/manage_moveObjects?ids=docs&direction=top',
      '/manage_renameObjects?ids=docs&new_ids=renamed',
      '/manage_editProperties?title=changed',
      '/manage_addProperty?id=p&type=string',
      '/manage_delProperties?ids=p',
      '/manage_addMountPoints?paths=/temp_folder',
      '/manage_pack?database=main',
      '/docs/intro/manage_edit?source=x',
      '/docs/logo.png/manage_edit?title=x',
      '/docs/logo.png/manage_upload',
      '/acl_users/manage_addUser?name=x&password=x',
      '/acl_users/manage_delUsers?names=editor',
      '/acl_users/manage_setUserRoles?name=editor&roles=Manager',
      '/acl_users/manage_changePassword?name=editor&password=x',
    ];
    for (const url of actions) {
      const res = await manager.get(
        `${url}${url.includes('?') ? '&' : '?'}csrf_token=${manager.token}`,
      );
      expect([url, res.status, res.headers.allow]).toEqual([url, 405, 'POST']);
    }
    await z.withRoot(async (root) => {
      expect(await root.objectIds()).toEqual(['acl_users', 'docs']);
      expect(root.title).toBe('Zoa');
    });
  });

  it('M-16: sends a browser back to the screen it asked for after logging in, and nowhere else', async () => {
    const denied = await z.http
      .get('/docs/manage_propertiesForm?x=1')
      .set('Accept', HTML)
      .expect(401);
    expect(hiddenField(denied.text, 'came_from')).toBe('/docs/manage_propertiesForm?x=1');
    const fresh = new Browser(z.http);
    const form = await z.http.get('/login_form').set('Accept', HTML);
    fresh.remember(form);
    const login = await z.http
      .post('/login')
      .set('Cookie', fresh.cookieHeader())
      .type('form')
      .send({
        name: 'admin',
        password: 'correct horse battery',
        came_from: '/docs/manage_propertiesForm?x=1',
        csrf_token: hiddenField(form.text, 'csrf_token'),
      });
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/docs/manage_propertiesForm?x=1');
    // actions never take a redirect target from the request
    const res = await manager.post('/docs/manage_editProperties', {
      title: 'Documents',
      came_from: '//evil.example/',
      redirect: 'https://evil.example/',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(
      '/docs/manage_propertiesForm?manage_tabs_message=Saved+changes.',
    );
  });

  it('shows the tabs of the object, the active one marked', async () => {
    const page = await manager.get('/docs/intro/manage_preview');
    expect(page.text).toContain('<a href="/docs/intro/manage_main">Edit</a>');
    expect(page.text).toContain(
      '<a href="/docs/intro/manage_preview" class="active" aria-current="page">Preview</a>',
    );
    expect(page.text).toContain('<a href="/docs/intro/manage_propertiesForm">Properties</a>');
    const root = await manager.get('/manage_main');
    expect(root.text).toContain('<a href="/manage_controlPanel">Control Panel</a>');
    expect(root.text).toContain('<a href="/manage_access">Security</a>');
    const security = await manager.get('/manage_access');
    const held = '<td class="num"><span title="held" aria-label="held">✓</span></td>';
    const empty = '<td class="num"></td>';
    expect(security.text).toContain(
      `<tr><td>View management screens</td>${empty}${empty}${held}${empty}</tr>`,
    );
    const docs = await manager.get('/docs/manage_main');
    expect(docs.text).not.toContain('href="/docs/manage_controlPanel"');
  });

  it('serves the logged-in user and a logout form with a token', async () => {
    const page = await manager.get('/docs/manage_main');
    expect(page.text).toContain('<form class="zmi-user" method="post" action="/logout">');
    expect(page.text).toContain('<bdi>admin</bdi>');
    expect(page.text).toMatch(/<a href="\/manage_main"><bdi>Zoa<\/bdi><\/a>/);
  });
});

describe('manageTabsOf', () => {
  const Folder = SourceFolder;
  class Note extends Folder {}
  it('lists the tabs a class inherits, in order, that the user may see, and lets a subclass override one', () => {
    const views = new ViewRegistry();
    const handler = () => '';
    registerManageScreen(views, Folder, {
      name: 'manage_main',
      permission: 'View management screens',
      tab: { label: 'Contents', order: 10 },
      handler,
    });
    registerManageScreen(views, Folder, {
      name: 'manage_secret',
      permission: 'Secret',
      tab: { label: 'Secret', order: 5 },
      handler,
    });
    registerManageScreen(views, Folder, {
      name: 'manage_propertiesForm',
      permission: 'View management screens',
      tab: { label: 'Properties', order: 20 },
      handler,
    });
    registerManageScreen(views, Note, {
      name: 'manage_main',
      permission: 'View management screens',
      tab: { label: 'Edit', order: 10 },
      handler,
    });
    const allowed = (permission: string) => permission !== 'Secret';
    expect(manageTabsOf(views, new Note('n'), 'manage_main', allowed)).toEqual([
      { label: 'Edit', view: 'manage_main', active: true },
      { label: 'Properties', view: 'manage_propertiesForm', active: false },
    ]);
    expect(manageTabsOf(views, new Folder('f'), '', () => true).map((t) => t.label)).toEqual([
      'Secret',
      'Contents',
      'Properties',
    ]);
  });

  it('refuses methods other than GET and POST', () => {
    expect(() =>
      registerManageScreen(new ViewRegistry(), Folder, {
        name: 'manage_x',
        methods: ['DELETE' as 'POST'],
        permission: 'View management screens',
        handler: () => '',
      }),
    ).toThrow(TypeError);
  });
});
