// The user folder's screens: list, add, roles, password, delete, and the guards that keep a
// Manager around.
import { findUserFolder } from '@zoa/core/security';
import { Browser, createZmiSite, EDITOR, MANAGER, messageOf, textOf } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

describe('user folder screens', () => {
  let z: ZmiSite;
  let browser: Browser;
  beforeEach(async () => {
    z = await createZmiSite({ temporary: false });
    browser = new Browser(z.http);
    await browser.logIn();
  });
  afterEach(() => z.close());

  const users = () => z.withRoot(async (root) => (await findUserFolder(root))!);

  it('lists the users with their roles, and never a password hash', async () => {
    const page = await browser.get('/acl_users/manage_main');
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      '<a href="/acl_users/manage_userForm?name=admin"><bdi>admin</bdi></a> <span class="zmi-badge">you</span>',
    );
    expect(page.text).toContain('<td>Manager</td>');
    expect(page.text).toContain('value="editor"');
    expect(page.text).not.toMatch(/scrypt\$/);
  });

  it('M-19: adds a user with roles and addresses (an scrypt hash), and refuses mismatched passwords', async () => {
    const res = await browser.post('/acl_users/manage_addUser', {
      name: 'carol',
      password: 'a long passphrase',
      confirm: 'a long passphrase',
      roles: ['Manager', 'Owner'],
      domains: '10.0.*.*\n127.0.0.1',
    });
    expect(messageOf(res)).toBe('Added the user "carol".');
    const carol = (await users()).getUser('carol')!;
    expect(carol.roles).toEqual(['Manager', 'Owner']);
    expect(carol.domains).toEqual(['10.0.*.*', '127.0.0.1']);
    expect(carol.passwordHash).toMatch(/^scrypt\$/);
    expect(carol.passwordHash).not.toContain('a long passphrase');
    const bad = await browser.post('/acl_users/manage_addUser', {
      name: 'dave',
      password: 'a long passphrase',
      confirm: 'another passphrase',
    });
    expect(bad.status).toBe(400);
    expect(textOf(bad.text)).toContain('The two passwords do not match.');
    expect(bad.text).toContain('value="dave"');
    expect((await users()).getUser('dave')).toBeUndefined();
  });

  it('changes roles but keeps at least one Manager', async () => {
    const ok = await browser.post('/acl_users/manage_setUserRoles', {
      name: EDITOR.name,
      roles: ['Manager'],
      domains: '',
    });
    expect(messageOf(ok)).toBe('Saved the roles of "editor".');
    expect((await users()).getUser(EDITOR.name)!.roles).toEqual(['Manager']);
    await browser.post('/acl_users/manage_setUserRoles', { name: EDITOR.name, domains: '' });
    const last = await browser.post('/acl_users/manage_setUserRoles', {
      name: MANAGER.name,
      domains: '',
    });
    expect(last.status).toBe(400);
    expect(textOf(last.text)).toContain('at least one user with the Manager role');
    expect((await users()).getUser(MANAGER.name)!.roles).toEqual(['Manager']);
  });

  it("changes another user's password, ending their logins", async () => {
    const editor = new Browser(z.http);
    await editor.logIn(EDITOR.name, EDITOR.password);
    const res = await browser.post('/acl_users/manage_changePassword', {
      name: EDITOR.name,
      password: 'a brand new passphrase',
      confirm: 'a brand new passphrase',
    });
    expect(messageOf(res)).toBe('Changed the password of "editor"; their logins were ended.');
    expect((await editor.get('/manage_main')).status).toBe(401);
    const again = new Browser(z.http);
    expect((await again.logIn(EDITOR.name, 'a brand new passphrase')).status).toBe(303);
    const short = await browser.post('/acl_users/manage_changePassword', {
      name: EDITOR.name,
      password: 'short',
      confirm: 'short',
    });
    expect(short.status).toBe(400);
  });

  it('sends a user who changed their own password to the login form', async () => {
    const res = await browser.post('/acl_users/manage_changePassword', {
      name: MANAGER.name,
      password: 'my new passphrase',
      confirm: 'my new passphrase',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login_form?came_from=%2Facl_users%2Fmanage_main');
    expect((await browser.get('/manage_main')).status).toBe(401);
  });

  it('deletes users, but not oneself', async () => {
    const self = await browser.post('/acl_users/manage_delUsers', { names: MANAGER.name });
    expect(self.status).toBe(400);
    expect(textOf(self.text)).toContain('You cannot delete yourself.');
    const res = await browser.post('/acl_users/manage_delUsers', { names: EDITOR.name });
    expect(messageOf(res)).toBe('Deleted 1 user.');
    expect((await users()).userNames()).toEqual(['admin']);
  });

  it('shows a user form with roles and password fields', async () => {
    const page = await browser.get('/acl_users/manage_userForm?name=editor');
    expect(page.text).toContain('<input type="checkbox" name="roles" value="Owner" checked>');
    expect(page.text).toContain('action="/acl_users/manage_changePassword"');
    expect((await browser.get('/acl_users/manage_userForm?name=nobody')).status).toBe(400);
  });
});
