// The Contents screen's actions over HTTP: delete, cut/copy/paste with the signed `__cp`
// cookie, move up/down/top/bottom, and how refusals leave the tree as it was.
import { Folder } from '@zoa/core/tree';
import type { ObjectManager } from '@zoa/core/tree';
import { Browser, createZmiSite, messageOf, textOf } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

describe('folder actions', () => {
  let z: ZmiSite;
  let browser: Browser;
  beforeEach(async () => {
    z = await createZmiSite({ temporary: false });
    await z.withRoot(async (root) => {
      const a = await root.setObject('a', new Folder('a'));
      await root.setObject('b', new Folder('b'));
      for (const id of ['one', 'two', 'three', 'four']) await a.setObject(id, new Folder(id));
    });
    browser = new Browser(z.http);
    await browser.logIn();
  });
  afterEach(() => z.close());

  const idsIn = (path: string): Promise<string[]> =>
    z.withRoot(async (root) => {
      let node: ObjectManager = root;
      for (const id of path.split('/').filter(Boolean))
        node = (await node.get(id)) as ObjectManager;
      return node.objectIds();
    });

  it('deletes the selected objects', async () => {
    const res = await browser.post('/a/manage_delObjects', { ids: ['one', 'three'] });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/a/manage_main?manage_tabs_message=Deleted+2+objects.');
    expect(await idsIn('/a')).toEqual(['two', 'four']);
  });

  it('refuses to delete a reserved object and deletes nothing', async () => {
    const res = await browser.post('/manage_delObjects', { ids: ['b', 'acl_users'] });
    expect(res.status).toBe(303);
    expect(messageOf(res)).toBe('The object "acl_users" is reserved and cannot be deleted.');
    expect(await idsIn('/')).toEqual(['acl_users', 'a', 'b']);
  });

  it('copies and pastes with copy_of_ ids, keeping the clipboard', async () => {
    const copy = await browser.post('/a/manage_copyObjects', { ids: ['one', 'two'] });
    expect(copy.status).toBe(303);
    const cookie = browser.cookies.get('__cp') as string;
    expect(cookie).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(copy.headers['set-cookie']?.[0]).toMatch(/httponly/i);
    expect(copy.headers['set-cookie']?.[0]).toMatch(/samesite=strict/i);
    const contents = await browser.get('/b/manage_main');
    expect(contents.text).toContain('formaction="/b/manage_pasteObjects"');
    const paste = await browser.post('/b/manage_pasteObjects');
    expect(paste.headers.location).toBe('/b/manage_main?manage_tabs_message=Pasted+2+objects.');
    await browser.post('/a/manage_pasteObjects');
    expect(await idsIn('/b')).toEqual(['one', 'two']);
    expect(await idsIn('/a')).toEqual([
      'one',
      'two',
      'three',
      'four',
      'copy_of_one',
      'copy_of_two',
    ]);
    expect(browser.cookies.has('__cp')).toBe(true);
  });

  it('cuts and pastes (a move), then empties the clipboard', async () => {
    await browser.post('/a/manage_cutObjects', { ids: ['four'] });
    const paste = await browser.post('/b/manage_pasteObjects');
    expect(paste.headers.location).toBe('/b/manage_main?manage_tabs_message=Moved+1+object.');
    expect(await idsIn('/a')).toEqual(['one', 'two', 'three']);
    expect(await idsIn('/b')).toEqual(['four']);
    expect(browser.cookies.has('__cp')).toBe(false);
  });

  it('refuses to paste a folder into itself, changing nothing', async () => {
    await browser.post('/manage_cutObjects', { ids: ['a'] });
    const paste = await browser.post('/a/one/manage_pasteObjects');
    expect(messageOf(paste)).toBe(
      'The object "a" cannot be pasted into itself or one of its descendants.',
    );
    expect(await idsIn('/')).toEqual(['acl_users', 'a', 'b']);
  });

  it('ignores a tampered clipboard cookie', async () => {
    await browser.post('/a/manage_copyObjects', { ids: ['one'] });
    const [encoded, signature] = (browser.cookies.get('__cp') as string).split('.');
    const forged = Buffer.from(JSON.stringify({ op: 'cut', paths: ['/acl_users'] })).toString(
      'base64url',
    );
    browser.cookies.set('__cp', `${forged}.${signature}`);
    const res = await browser.post('/b/manage_pasteObjects');
    expect(messageOf(res)).toBe('The clipboard is empty.');
    expect(encoded).not.toBe(forged);
    expect(await idsIn('/b')).toEqual([]);
  });

  it('moves objects up, down, to the top and to the bottom', async () => {
    await browser.post('/a/manage_moveObjects', { ids: 'four', direction: 'top' });
    expect(await idsIn('/a')).toEqual(['four', 'one', 'two', 'three']);
    await browser.post('/a/manage_moveObjects', { ids: 'four', direction: 'down' });
    expect(await idsIn('/a')).toEqual(['one', 'four', 'two', 'three']);
    await browser.post('/a/manage_moveObjects', { ids: ['one', 'four'], direction: 'bottom' });
    expect(await idsIn('/a')).toEqual(['two', 'three', 'one', 'four']);
    const up = await browser.post('/a/manage_moveObjects', { ids: 'three', direction: 'up' });
    expect(up.headers.location).toBe('/a/manage_main?manage_tabs_message=Moved+1+object+up.');
    expect(await idsIn('/a')).toEqual(['three', 'two', 'one', 'four']);
    const bad = await browser.post('/a/manage_moveObjects', { ids: 'one', direction: 'sideways' });
    expect(bad.status).toBe(400);
  });

  it('renames through the rename form, and shows a refused id again without renaming anything', async () => {
    const form = await browser.post('/a/manage_renameForm', { ids: ['one', 'two'] });
    expect(form.status).toBe(200);
    expect(form.text).toContain('<input type="hidden" name="ids" value="one">');
    expect(form.text).toContain('name="new_ids" value="two"');
    const refused = await browser.post('/a/manage_renameObjects', {
      ids: ['one', 'two'],
      new_ids: ['uno', 'three'],
    });
    expect(refused.status).toBe(400);
    expect(textOf(refused.text)).toContain('The id "three" is invalid - it is already in use.');
    expect(await idsIn('/a')).toEqual(['one', 'two', 'three', 'four']);
    const done = await browser.post('/a/manage_renameObjects', {
      ids: ['one', 'two'],
      new_ids: ['uno', 'dos'],
    });
    expect(done.headers.location).toBe('/a/manage_main?manage_tabs_message=Renamed+2+objects.');
    expect(await idsIn('/a')).toEqual(['uno', 'dos', 'three', 'four']);
  });

  it('asks to select objects first', async () => {
    const res = await browser.post('/a/manage_delObjects');
    expect(messageOf(res)).toBe('Select objects to delete.');
    const form = await browser.get('/a/manage_renameForm');
    expect(form.status).toBe(303);
  });
});
