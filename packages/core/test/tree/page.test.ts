import { BadRequestError } from '@zoa/core';
import { Folder, Page } from '@zoa/core/tree';
import type { PageRequestFacts } from '@zoa/core/tree';
import { inTxn, openTreeDb } from './fixtures/tree-db';

describe('Page', () => {
  it('renders its template with the container as context, autoescaped', async () => {
    const folder = new Folder('news', 'News & <events>');
    const page = await folder.setObject(
      'index_html',
      new Page('index_html', '<h1>{{ context.title }}</h1>'),
    );
    expect(await page.render()).toBe('<h1>News &amp; &lt;events&gt;</h1>');
    expect(await page.render({ context: new Folder('x', '"q"') })).toBe('<h1>&quot;q&quot;</h1>');
  });

  it('exposes template, safe request facts, helpers and options only', async () => {
    const page = new Page(
      'p',
      '{{ template.id }}|{{ request.method }} {{ request.path }} {{ request.query.q }}|{{ request.user }}|' +
        '{{ helpers.shout("hi") }}|{{ options.n }}|{{ request.cookies }}{{ process }}{{ require }}{{ global }}',
    );
    const request = {
      method: 'GET',
      path: '/p',
      query: { q: '<x>', bad: 5 },
      user: null,
      cookies: 'secret',
      app: { secret: 1 },
    } as unknown as PageRequestFacts;
    const html = await page.render({
      request,
      helpers: { shout: (text: string) => text.toUpperCase() },
      options: { n: 3 },
    });
    expect(html).toBe('p|GET /p &lt;x&gt;||HI|3|');
  });

  it('has no template loader and refuses known sandbox escapes', async () => {
    expect(() => new Page('p', '{% include "/etc/passwd" %}')).toThrow(BadRequestError);
    expect(() => new Page('p', '{{ range.constructor("return process")() }}')).toThrow(
      BadRequestError,
    );
    const page = new Page('p', 'ok');
    expect(() => page.setSource('{{ cycler.constructor("return process")() }}')).toThrow(
      BadRequestError,
    );
    expect(page.source).toBe('ok');
  });

  it('refuses a stored source that does not pass the check when rendering', async () => {
    const page = new Page('p', 'ok');
    page.source = '{{ x.constructor }}';
    await expect(page.render()).rejects.toBeInstanceOf(BadRequestError);
  });

  it('recompiles after setSource and reports its size', async () => {
    const page = new Page('p', 'one');
    expect(await page.render()).toBe('one');
    page.setSource('twö');
    expect(await page.render()).toBe('twö');
    expect(page.getSize()).toBe(4);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(() => new Page('p', '', { contentType: 'bad' })).toThrow(BadRequestError);
  });

  it('is stored in the tree and renders after a reload', async () => {
    const db = await openTreeDb();
    await inTxn(db, async (app) => {
      app.setTitle('Site');
      await app.setObject(
        'index_html',
        new Page('index_html', '{{ context.title }}: {{ template.title }}', { title: 'Home' }),
      );
    });
    await inTxn(db, async (app) => {
      const page = (await app.get('index_html')) as Page;
      expect(await page.render()).toBe('Site: Home');
    });
    await db.close();
  });
});
