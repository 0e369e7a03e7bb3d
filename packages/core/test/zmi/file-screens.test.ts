// File's Edit tab (properties, upload) and its public download view (M-14: only allow-listed
// image types inline; SVG, HTML and XML as attachments that cannot run).
import { File, Folder } from '@zoa/core/tree';
import { contentDisposition, isInlineType } from '../../src/zmi';
import { Browser, createZmiSite, messageOf } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>';

describe('file screens', () => {
  let z: ZmiSite;
  let browser: Browser;
  beforeAll(async () => {
    z = await createZmiSite({ temporary: false });
    await z.withRoot(async (root) => {
      const files = await root.setObject('files', new Folder('files'));
      await files.setObject(
        'logo.png',
        new File('logo.png', Buffer.from([0x89, 0x50]), { contentType: 'image/png' }),
      );
      await files.setObject(
        'evil.svg',
        new File('evil.svg', SVG, { contentType: 'image/svg+xml' }),
      );
      await files.setObject(
        'page.html',
        new File('page.html', '<script>alert(1)</script>', {
          contentType: 'text/html; charset=utf-8',
        }),
      );
      await files.setObject(
        'feed.xml',
        new File('feed.xml', '<x/>', { contentType: 'application/xml' }),
      );
      await files.setObject(
        'report.txt',
        new File('report.txt', 'hello', { contentType: 'text/plain' }),
      );
    });
    browser = new Browser(z.http);
    await browser.logIn();
  });
  afterAll(() => z.close());

  it('M-14: sends allow-listed images inline with their type', async () => {
    const res = await z.http.get('/files/logo.png').expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="logo.png"; filename*=UTF-8''logo.png`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(res.headers.etag).toMatch(/^"\d+-\d+"$/);
    await z.http
      .get('/files/logo.png')
      .set('If-None-Match', res.headers.etag as string)
      .expect(304);
  });

  it.each([
    ['evil.svg', 'application/octet-stream'],
    ['page.html', 'application/octet-stream'],
    ['feed.xml', 'application/octet-stream'],
    ['report.txt', 'text/plain; charset=utf-8'],
  ])('M-14: sends %s as an attachment of type %s', async (id, type) => {
    const res = await z.http.get(`/files/${id}`).expect(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['content-disposition']).toMatch(/^attachment; /);
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('knows which types are inline and names files safely', () => {
    expect(isInlineType('image/JPEG')).toBe(true);
    expect(isInlineType('image/svg+xml')).toBe(false);
    expect(isInlineType('text/html')).toBe(false);
    expect(contentDisposition('attachment', 'ré"sumé\n.pdf')).toBe(
      `attachment; filename="r__sum__.pdf"; filename*=UTF-8''r%C3%A9%22sum%C3%A9%0A.pdf`,
    );
  });

  it('shows the Edit tab with a download link and an image preview only for inline types', async () => {
    const png = await browser.get('/files/logo.png/manage_main');
    expect(png.text).toContain('<a href="/files/logo.png" download>');
    expect(png.text).toContain('<img class="zmi-image" src="/files/logo.png"');
    const svg = await browser.get('/files/evil.svg/manage_main');
    expect(svg.text).not.toContain('class="zmi-image"');
    expect(svg.text).toContain('(sent as an attachment)');
  });

  it('changes the title and content type, and refuses an invalid content type', async () => {
    const ok = await browser.post('/files/report.txt/manage_edit', {
      title: 'Report',
      contentType: 'text/markdown',
    });
    expect(messageOf(ok)).toBe('Saved changes.');
    const bad = await browser.post('/files/report.txt/manage_edit', {
      title: 'Other',
      contentType: 'text/html\r\nX-Evil: 1',
    });
    expect(bad.status).toBe(400);
    await z.withRoot(async (root) => {
      const file = (await ((await root.get('files')) as Folder).get('report.txt')) as File;
      expect(file.title).toBe('Report');
      expect(file.contentType).toBe('text/markdown');
    });
  });

  it('uploads new content as the script sends it', async () => {
    const res = await browser.postJson('/files/report.txt/manage_upload', {
      file: {
        name: 'notes.txt',
        type: 'text/plain',
        base64: Buffer.from('new text').toString('base64'),
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('Uploaded notes.txt (8 B).');
    const body = await z.http.get('/files/report.txt').expect(200);
    expect(body.text).toBe('new text');
    const empty = await browser.postJson('/files/report.txt/manage_upload', {});
    expect(empty.body.error).toBe('Choose a file to upload.');
    const bad = await browser.postJson('/files/report.txt/manage_upload', {
      file: { name: 'x', base64: '!!!' },
    });
    expect(bad.body.error).toBe('The upload of "File" is not valid base64 data.');
  });

  it('M-01: refuses an upload without the token header', async () => {
    const res = await z.http
      .post('/files/report.txt/manage_upload')
      .set('Cookie', browser.cookieHeader())
      .set('Accept', 'application/json')
      .send({ file: { name: 'x', type: 'text/plain', base64: 'eA==' } });
    expect(res.status).toBe(403);
  });
});
