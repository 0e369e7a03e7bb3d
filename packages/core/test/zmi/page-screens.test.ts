// Page's Edit and Preview tabs: the source is trusted code, so saving it needs the Manager role
// whatever the permissions say; the preview runs in a sandboxed frame.
import { Folder, Page } from '@zoa/core/tree';
import { permissionRegistry } from '@zoa/core/security';
import { Browser, createZmiSite, EDITOR, messageOf, textOf } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

describe('page screens', () => {
  let z: ZmiSite;
  let browser: Browser;
  beforeAll(async () => {
    z = await createZmiSite({ temporary: false });
    await z.withRoot(async (root) => {
      const docs = await root.setObject('docs', new Folder('docs', 'Docs & more'));
      await docs.setObject('home', new Page('home', '<h1>{{ context.title }}</h1>'));
    });
    browser = new Browser(z.http);
    await browser.logIn();
  });
  afterAll(() => z.close());

  const page = () =>
    z.withRoot(async (root) => (await ((await root.get('docs')) as Folder).get('home')) as Page);

  it('shows the source in a text area, escaped', async () => {
    const res = await browser.get('/docs/home/manage_main');
    expect(res.text).toContain('&lt;h1&gt;{{ context.title }}&lt;/h1&gt;</textarea>');
    expect(res.text).toContain('Save changes');
  });

  it('saves the source, the title and the content type', async () => {
    const res = await browser.post('/docs/home/manage_edit', {
      title: 'Home',
      contentType: 'text/html; charset=utf-8',
      source: '<p>{{ context.title }}</p>\r\n',
    });
    expect(messageOf(res)).toBe('Saved changes.');
    const saved = await page();
    expect(saved.source).toBe('<p>{{ context.title }}</p>\n');
    expect(saved.title).toBe('Home');
  });

  it('refuses a source that reaches for Function, showing it again and saving nothing', async () => {
    const res = await browser.post('/docs/home/manage_edit', {
      title: 'Changed',
      source: '{{ range.constructor("return process")() }}',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('range.constructor(&quot;return process&quot;)()');
    expect((await page()).title).toBe('Home');
  });

  it('previews the rendered page in a sandboxed frame, escaped into srcdoc', async () => {
    const res = await browser.get('/docs/home/manage_preview');
    expect(res.text).toContain(
      '<iframe class="zmi-preview" title="Preview" sandbox srcdoc="&lt;p&gt;Docs &amp;amp; more&lt;/p&gt;\n"></iframe>',
    );
  });

  it('shows a template error as text', async () => {
    await z.withRoot(async (root) => {
      const docs = (await root.get('docs')) as Folder;
      await docs.setObject('broken', new Page('broken', '{{ context.nothing.here() }}'));
    });
    const res = await browser.get('/docs/broken/manage_preview');
    expect(res.status).toBe(200);
    expect(textOf(res.text)).toContain('The template could not be rendered:');
  });

  it('needs the Manager role to save or add a page, even with the permissions', async () => {
    permissionRegistry.setRoles('Change Pages', ['Manager', 'Owner']);
    permissionRegistry.setRoles('Add Pages', ['Manager', 'Owner']);
    permissionRegistry.setRoles('View management screens', ['Manager', 'Owner']);
    try {
      const editor = new Browser(z.http);
      await editor.logIn(EDITOR.name, EDITOR.password);
      const screen = await editor.get('/docs/home/manage_main');
      expect(screen.status).toBe(200);
      expect(screen.text).not.toContain('Save changes');
      const save = await editor.post('/docs/home/manage_edit', { source: 'owned' });
      expect(save.status).toBe(403);
      const add = await editor.post('/docs/manage_addObject', {
        type: 'Page',
        id: 'p2',
        source: 'x',
      });
      expect(add.status).toBe(403);
      expect((await page()).source).not.toBe('owned');
    } finally {
      permissionRegistry.setRoles('Change Pages', ['Manager']);
      permissionRegistry.setRoles('Add Pages', ['Manager']);
      permissionRegistry.setRoles('View management screens', ['Manager']);
    }
  });
});
