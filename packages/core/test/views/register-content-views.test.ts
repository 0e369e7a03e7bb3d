import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createWebApp, Site, validateSiteConfig } from '@zoa/core/config';
import { Folder, Page } from '@zoa/core/tree';

describe('registerContentViews', () => {
  let dir: string;
  let site: Site;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-views-'));
    site = await Site.open(
      validateSiteConfig(
        {
          databases: {
            main: { storage: { type: 'sqlite', path: 'Data.sqlite' }, mountPoint: '/' },
          },
        },
        dir,
      ),
    );
    await site.run(async (txn) => {
      const root = await site.root(txn);
      await root.setObject(
        'index_html',
        new Page('index_html', '<h1>{{ context.title }}</h1><p>{{ request.query.q }}</p>'),
      );
      const news = await root.setObject('news', new Folder('news', 'News <&>'));
      await (news as Folder).setObject(
        'index_html',
        new Page(
          'index_html',
          '<a href="{{ helpers.absoluteUrl(context) }}">{{ context.title }}</a>',
        ),
      );
      await root.setObject('empty', new Folder('empty'));
      await root.setObject(
        'plain',
        new Page('plain', 'Hello {{ request.user }}', { contentType: 'text/plain; charset=utf-8' }),
      );
    });
  });
  afterAll(async () => {
    await site.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('renders the root folder through its index_html page, escaping request data', async () => {
    const response = await request(createWebApp(site).callback()).get('/?q=<script>x</script>');
    expect(response.status).toBe(200);
    expect(response.type).toBe('text/html');
    expect(response.text).toBe('<h1>Zoa</h1><p>&lt;script&gt;x&lt;/script&gt;</p>');
  });

  it('redirects a folder to its slash URL and renders its index_html for the folder', async () => {
    const app = createWebApp(site).callback();
    const redirect = await request(app).get('/news');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/news/');
    const page = await request(app).get('/news/');
    expect(page.status).toBe(200);
    expect(page.text).toBe('<a href="/news">News &lt;&amp;&gt;</a>');
  });

  it('answers 404 for a folder without an index_html page', async () => {
    const response = await request(createWebApp(site).callback())
      .get('/empty/')
      .set('Accept', 'application/json');
    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe('This folder has no index_html page.');
  });

  it('serves a page with its own content type, also for HEAD', async () => {
    const app = createWebApp(site).callback();
    const page = await request(app).get('/plain');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(page.text).toBe('Hello ');
    const head = await request(app).head('/plain');
    expect(head.status).toBe(200);
    expect(head.text).toBeUndefined();
  });
});
