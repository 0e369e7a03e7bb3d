// Adding objects through the generic add form: every core type, uploads as the script sends
// them, refused ids shown again in the form (and nothing stored), and the add permissions.
import { File, Folder, Page } from '@zoa/core/tree';
import { Browser, createZmiSite, textOf } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

describe('add screens', () => {
  let z: ZmiSite;
  let browser: Browser;
  beforeAll(async () => {
    z = await createZmiSite();
    browser = new Browser(z.http);
    await browser.logIn();
  });
  afterAll(() => z.close());

  it('renders the add form of a type from its fields', async () => {
    const page = await browser.get('/manage_addForm?type=Page');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Add Page</h1>');
    expect(page.text).toContain('action="/manage_addObject"');
    expect(page.text).toContain('<input type="hidden" name="type" value="Page">');
    expect(page.text).toMatch(/<textarea id="zmi-field-source" name="source">/);
    expect(page.text).toContain('value="text/html; charset=utf-8"');
    const file = await browser.get('/manage_addForm?type=File');
    expect(file.text).toContain('data-upload');
    expect(file.text).toContain('<input type="file" id="zmi-field-file" name="file">');
  });

  it('adds a folder and returns to the contents with a message (PRG)', async () => {
    const res = await browser.post('/manage_addObject', {
      type: 'Folder',
      id: 'news',
      title: 'News & events',
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(
      '/manage_main?manage_tabs_message=Added+the+Folder+%22news%22.',
    );
    const contents = await browser.get(res.headers.location as string);
    expect(contents.text).toContain(
      '<p class="zmi-message" role="status">Added the Folder &quot;news&quot;.</p>',
    );
    expect(contents.text).toContain('<a href="/news/manage_main"><bdi>news</bdi></a>');
    expect(contents.text).toContain('<bdi>News &amp; events</bdi>');
    await z.withRoot(async (root) => {
      const news = await root.get('news');
      expect(news).toBeInstanceOf(Folder);
      expect(news?.title).toBe('News & events');
    });
  });

  it('adds a page with its template and a BTreeFolder', async () => {
    await browser.post('/manage_addObject', {
      type: 'Page',
      id: 'hello',
      title: 'Hello',
      source: '<p>{{ context.title }}</p>',
      contentType: 'text/html; charset=utf-8',
    });
    await browser.post('/manage_addObject', { type: 'BTreeFolder', id: 'members' });
    await z.withRoot(async (root) => {
      const page = await root.get('hello');
      expect(page).toBeInstanceOf(Page);
      expect((page as Page).source).toBe('<p>{{ context.title }}</p>');
      expect((await root.get('members'))?.metaType).toBe('BTreeFolder');
    });
  });

  it('adds a file uploaded as JSON, named and typed after the upload', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const res = await browser.postJson('/manage_addObject', {
      type: 'File',
      id: '',
      title: 'Logo',
      contentType: 'application/octet-stream',
      file: { name: 'logo.png', type: 'image/png', base64: png.toString('base64') },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      location: '/manage_main?manage_tabs_message=Added+the+File+%22logo.png%22.',
      message: 'Added the File "logo.png".',
      error: null,
    });
    await z.withRoot(async (root) => {
      const file = (await root.get('logo.png')) as File;
      expect(file).toBeInstanceOf(File);
      expect(file.contentType).toBe('image/png');
      expect(file.data.equals(png)).toBe(true);
      expect(file.title).toBe('Logo');
    });
  });

  it('refuses a file field sent as plain text (the file name a form without the script sends)', async () => {
    const res = await browser.post('/manage_addObject', {
      type: 'File',
      id: 'plain',
      file: 'report.pdf',
    });
    expect(res.status).toBe(400);
    expect(textOf(res.text)).toContain('must be a file upload');
    await z.withRoot(async (root) => expect(await root.has('plain')).toBe(false));
  });

  it('shows the form again with the escaped message and the values when the id is refused', async () => {
    const res = await browser.post('/manage_addObject', {
      type: 'Folder',
      id: '<b>bad</b>',
      title: 'Keep me',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<h1>Add Folder</h1>');
    expect(res.text).toContain(
      '<p class="zmi-message zmi-error" role="alert">The id &quot;&lt;b&gt;bad&lt;/b&gt;&quot; contains characters illegal in URLs.</p>',
    );
    expect(res.text).toContain('value="Keep me"');
    expect(res.text).toContain('value="&lt;b&gt;bad&lt;/b&gt;"');
    const taken = await browser.post('/manage_addObject', { type: 'Folder', id: 'acl_users' });
    expect(taken.status).toBe(400);
    expect(textOf(taken.text)).toContain('The id "acl_users" is invalid - it is already in use.');
  });

  it('answers 400 for an unknown or unaddable type', async () => {
    expect((await browser.get('/manage_addForm?type=Nope')).status).toBe(400);
    expect((await browser.get('/manage_addForm?type=Application')).status).toBe(400);
    const res = await browser.post('/manage_addObject', { type: 'Application', id: 'app' });
    expect(res.status).toBe(400);
  });

  it('offers every addable type and Mount Point in the add menu', async () => {
    const page = await browser.get('/manage_main');
    const options = [...page.text.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
    expect(options).toEqual(['BTreeFolder', 'File', 'Folder', 'Mount Point', 'Page']);
  });
});
