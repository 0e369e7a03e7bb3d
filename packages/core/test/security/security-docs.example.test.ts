// The snippets of docs/security.md live here, between `#region` markers, and run as tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import request from 'supertest';
import { SqliteStorage } from '@zoa/core/persistence';
import type { PublisherContext } from '@zoa/core/publisher';
import { accessLog, errorHandler, escapeHtml, publisher } from '@zoa/core/publisher';
import {
  createAuthorizer,
  CSRF_FIELD,
  csrfToken,
  ensureManager,
  findUserFolder,
  LoginHooks,
  loginErrorRenderer,
  PermissionRegistry,
  registerSecurityViews,
  requireCsrf,
  setManagementHeaders,
  UserFolder,
} from '@zoa/core/security';
import { createTestApp } from '@zoa/core/testing';
import { Application } from '@zoa/core/tree';

const secret = 'b7c1e0f4a2d94c6e8f3a5b1d7e9c2f40a6b8d1e3f5a7c9e2b4d6f8a1c3e5b7d9';

describe('docs/security.md', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-security-doc-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('wires the security layer into a site and logs in', async () => {
    const permissions = new PermissionRegistry();
    const loginHooks = new LoginHooks();
    const storage = new SqliteStorage({ path: path.join(dir, 'Data.sqlite') });
    const logged: string[] = [];
    // #region wiring
    const authorizer = createAuthorizer({
      keys: [secret], // from the site configuration; put a new key first to rotate
      permissions, // default: the shared permissionRegistry
      loginHooks, // default: the shared loginHooks
    });
    const app = await createTestApp({
      rootFactory: () => new Application(),
      storage,
      authorizer,
    });
    registerSecurityViews(app.views, Application); // /login_form, /login, /logout

    // first start: no default password (M-23)
    const manager = await app.withRoot((root) => ensureManager(root));
    if (manager.generatedPassword !== undefined) {
      logged.push(`Manager "${manager.name}" created with password ${manager.generatedPassword}`);
    }

    const koa = new Koa();
    koa.proxy = app.settings.trustProxy; // ctx.ip and ctx.secure behind a proxy
    koa.use(accessLog({ logger: app.logger }));
    koa.use(errorHandler({ logger: app.logger, renderHtml: loginErrorRenderer() }));
    koa.use(publisher({ app }));
    // #endregion wiring

    // #region zmi-views
    app.views.register(Application, {
      name: 'manage_main',
      permission: 'View management screens',
      handler: (ctx: PublisherContext, root: Application) => {
        setManagementHeaders(ctx);
        return (
          `<h1>${escapeHtml(root.title)}</h1>` +
          `<form method="post" action="manage_edit">` +
          `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(csrfToken(ctx))}">` +
          `<input name="title"><button>Save</button></form>`
        );
      },
    });
    app.views.register(Application, {
      name: 'manage_edit',
      methods: ['POST'], // M-03: no state change on GET
      permission: 'Manage properties',
      handler: requireCsrf((ctx: PublisherContext, root: Application) => {
        root.setTitle(ctx.zoa.form.requireString('title'));
        ctx.status = 303;
        ctx.set('Location', 'manage_main');
      }),
    });
    // #endregion zmi-views

    expect(logged[0]).toMatch(/^Manager "admin" created with password [\w-]{24}$/);
    const password = manager.generatedPassword as string;
    const http = request(koa.callback());
    const form = await http.get('/login_form').expect(200);
    const token = /name="csrf_token" value="([^"]+)"/.exec(form.text)?.[1] as string;
    const csrfCookie = (form.headers['set-cookie'] as unknown as string[])[0]?.split(
      ';',
    )[0] as string;
    const login = await http
      .post('/login')
      .set('Cookie', csrfCookie)
      .type('form')
      .send({ name: 'admin', password, came_from: '/manage_main', csrf_token: token })
      .expect(303);
    const session = (login.headers['set-cookie'] as unknown as string[])[0]?.split(
      ';',
    )[0] as string;
    const screen = await http.get('/manage_main').set('Cookie', session).expect(200);
    const screenToken = /name="csrf_token" value="([^"]+)"/.exec(screen.text)?.[1] as string;
    await http
      .post('/manage_edit')
      .set('Cookie', session)
      .type('form')
      .send({ title: 'My site', csrf_token: screenToken })
      .expect(303);
    await app.withRoot((root) => expect(root.title).toBe('My site'));
    await http
      .post('/manage_edit')
      .set('Cookie', session)
      .type('form')
      .send({ title: 'x' })
      .expect(403);
    await app.close();
  });

  it('manages users and permissions', async () => {
    const permissions = new PermissionRegistry();
    const loginHooks = new LoginHooks();
    const fast = { N: 1024, r: 8, p: 1 };
    const folder = new UserFolder({ scrypt: fast });
    const root = { get: async () => folder };
    const events: string[] = [];
    // #region users
    const users = (await findUserFolder(root)) as UserFolder; // the root's acl_users
    await users.addUser('alice', 'a long passphrase', ['Manager']);
    await users.addUser('bob', 'another passphrase', ['Owner'], { domains: ['10.0.*.*'] });
    users.setRoles('bob', ['Owner', 'Manager']);
    await users.changePassword('alice', 'a new long passphrase'); // also logs alice out
    const alice = await users.authenticate('alice', 'a new long passphrase'); // User | undefined
    users.deleteUser('bob');
    // #endregion users
    expect(alice?.getRoles()).toEqual(['Authenticated', 'Manager']);
    expect(users.userNames()).toEqual(['alice']);

    // #region permissions
    // a product declares who may add and change its objects by default
    permissions.register('Add Pages', ['Manager', 'Owner']);
    permissions.register('Change Pages', ['Manager', 'Owner']);
    // a site makes everything private: View only for logged-in users
    permissions.setRoles('View', ['Authenticated', 'Manager']);
    // #endregion permissions
    expect(permissions.isGranted('View', [])).toBe(false);
    expect(permissions.isGranted('Add Pages', ['Authenticated', 'Owner'])).toBe(true);

    // #region on-login
    loginHooks.onLogin(async (ctx, user) => {
      // e.g. the sessions product issues a new browser id here (S-11)
      events.push(`login ${user.name}`);
    });
    loginHooks.onLogout((ctx, user) => {
      events.push(`logout ${user.name}`);
    });
    // #endregion on-login
    expect(events).toEqual([]);
  });
});
