// The Contents tab: rows (icon, id, title, type, size), reserved objects, paging through a
// large folder, and the buttons a user may use.
import { BTreeFolder, File, Folder } from '@zoa/core/tree';
import { CONTENTS_PAGE_SIZE } from '../../src/zmi';
import { Browser, createZmiSite } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

describe('contents screen', () => {
  let z: ZmiSite;
  let browser: Browser;
  beforeAll(async () => {
    z = await createZmiSite({ temporary: false });
    await z.withRoot(async (root) => {
      const big = await root.setObject('big', new BTreeFolder('big', 'Many'));
      for (let i = 0; i < CONTENTS_PAGE_SIZE + 20; i += 1) {
        const id = `item${String(i).padStart(4, '0')}`;
        await big.setObject(id, new Folder(id));
      }
      const files = await root.setObject('files', new Folder('files'));
      await files.setObject(
        'a.txt',
        new File('a.txt', 'x'.repeat(1536), { contentType: 'text/plain' }),
      );
      await files.setObject('sub', new Folder('sub'));
    });
    browser = new Browser(z.http);
    await browser.logIn();
  });
  afterAll(() => z.close());

  it('shows icon, id, title, type and size of each child', async () => {
    const res = await browser.get('/files/manage_main');
    expect(res.text).toMatch(
      /icons\/file\.svg" alt="" width="16" height="16"><\/td>\s*<td><a href="\/files\/a.txt\/manage_main"><bdi>a.txt<\/bdi><\/a><\/td>/,
    );
    expect(res.text).toContain('<td class="num">1.5 KB</td>');
    expect(res.text).toContain('<td class="num">0 items</td>');
    expect(res.text).toContain(
      '<input type="checkbox" name="ids" value="a.txt" aria-label="Select a.txt">',
    );
    expect(res.text).toContain('formaction="/files/manage_moveObjects"');
  });

  it('pages through a large folder, 100 children at a time, without move buttons', async () => {
    const first = await browser.get('/big/manage_main');
    const ids = (html: string) =>
      [...html.matchAll(/name="ids" value="([^"]+)"/g)].map((m) => m[1]);
    expect(ids(first.text)).toHaveLength(CONTENTS_PAGE_SIZE);
    expect(first.text).toContain('Items 1–100 of 120');
    expect(first.text).toContain('href="/big/manage_main?after=item0099&amp;page=2">Next page</a>');
    expect(first.text).not.toContain('manage_moveObjects');
    const second = await browser.get('/big/manage_main?after=item0099&page=2');
    expect(ids(second.text)).toEqual(
      Array.from({ length: 20 }, (_, i) => `item${String(100 + i).padStart(4, '0')}`),
    );
    expect(second.text).toContain('Items 101–120 of 120');
    expect(second.text).toContain('<a href="/big/manage_main">First page</a>');
    expect(second.text).not.toContain('Next page');
  });

  it('marks reserved children and offers no box for them', async () => {
    const res = await browser.get('/manage_main');
    expect(res.text).toContain(
      '<span class="zmi-badge" title="Cannot be deleted, cut or renamed">reserved</span>',
    );
    expect(res.text).not.toContain('name="ids" value="acl_users"');
  });

  it('says when a folder is empty', async () => {
    const res = await browser.get('/files/sub/manage_main');
    expect(res.text).toContain('There are currently no items in this folder.');
  });
});
