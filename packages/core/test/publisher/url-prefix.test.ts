import Koa from 'koa';
import request from 'supertest';
import { setUrlPrefix, urlPrefixOf, usePublisher } from '@zoa/core/publisher';
import type { PublisherSettings } from '@zoa/core/publisher';
import { createTestApp } from '@zoa/core/testing';
import { addPath, TestFolder, TestPage } from './fixtures/test-tree';

describe('setUrlPrefix / urlPrefixOf', () => {
  it("answers '' for a request without a prefix", () => {
    expect(urlPrefixOf({ req: {} })).toBe('');
  });

  it('keeps a fixed prefix per request, and removes it with undefined', () => {
    const ctx = { req: {} };
    setUrlPrefix(ctx, '/_ZopeId/abc');
    expect(urlPrefixOf(ctx)).toBe('/_ZopeId/abc');
    expect(urlPrefixOf({ req: ctx.req })).toBe('/_ZopeId/abc'); // keyed by the Node request
    expect(urlPrefixOf({ req: {} })).toBe('');
    setUrlPrefix(ctx, undefined);
    expect(urlPrefixOf(ctx)).toBe('');
  });

  it('calls a prefix function each time, so a later value shows in later URLs', () => {
    const ctx = { req: {} };
    let id: string | undefined = undefined;
    setUrlPrefix(ctx, () => (id === undefined ? '' : `/_ZopeId/${id}`));
    expect(urlPrefixOf(ctx)).toBe('');
    id = 'made-mid-request';
    expect(urlPrefixOf(ctx)).toBe('/_ZopeId/made-mid-request');
  });

  it.each(['/', 'x', '/a/', '//evil.com', '/a b', '/a?b', '/a#b', '/a\\b', '/a//b'])(
    'refuses the prefix %j with a TypeError',
    (prefix) => {
      expect(() => setUrlPrefix({ req: {} }, prefix)).toThrow(TypeError);
      const ctx = { req: {} };
      setUrlPrefix(ctx, () => prefix);
      expect(() => urlPrefixOf(ctx)).toThrow(TypeError);
    },
  );

  it('never quotes a refused prefix in its error, which may hold a browser id (S-23)', () => {
    expect(() => setUrlPrefix({ req: {} }, '/_ZopeId/SECRET-ID/')).toThrow(
      "A URL prefix must be '' or percent-encoded /segments without a trailing slash",
    );
    expect(() => setUrlPrefix({ req: {} }, '/_ZopeId/SECRET-ID/')).not.toThrow('SECRET');
  });

  it('accepts percent-encoded segments and the empty prefix', () => {
    const ctx = { req: {} };
    setUrlPrefix(ctx, '/a%20b/c-d_e~f.g');
    expect(urlPrefixOf(ctx)).toBe('/a%20b/c-d_e~f.g');
    setUrlPrefix(ctx, '');
    expect(urlPrefixOf(ctx)).toBe('');
  });
});

describe('the URL prefix in published requests', () => {
  async function site(settings: Partial<PublisherSettings> = {}) {
    const app = await createTestApp({ rootFactory: () => new TestFolder(''), settings });
    await app.withRoot((root) => addPath(root, ['docs', 'page'], 'body'));
    let id = '';
    app.views.register(TestPage, {
      name: 'links',
      permission: 'View',
      handler: (ctx, page) => {
        const before = { base: ctx.zoa.baseUrl, self: ctx.zoa.absoluteUrl(page) };
        id = 'late'; // as a browser id issued mid-request
        return {
          before,
          after: { base: ctx.zoa.baseUrl, self: ctx.zoa.absoluteUrl(page), url: ctx.zoa.url },
        };
      },
    });
    const koa = new Koa();
    koa.use(async (_ctx, next) => {
      id = ''; // a new request: no id yet
      await next();
    });
    // #region url-prefix
    koa.use(async (ctx, next) => {
      // read each time a URL is generated: an id found later in the request shows from then on
      setUrlPrefix(ctx, () => (id === '' ? '' : `/_id/${id}`));
      await next();
    });
    // #endregion url-prefix
    return request(usePublisher(koa, { app }).callback());
  }

  it('reads the prefix each time baseUrl, url and absoluteUrl are used', async () => {
    const res = await (await site()).get('/docs/page/links').expect(200);
    expect(res.body).toEqual({
      before: { base: '', self: '/docs/page' },
      after: { base: '/_id/late', self: '/_id/late/docs/page', url: '/_id/late/docs/page/links' },
    });
  });

  it('puts the prefix between the trusted origin and the path', async () => {
    const res = await (
      await site({ publicUrl: 'https://example.com' })
    )
      .get('/docs/page/links')
      .expect(200);
    expect(res.body.after).toEqual({
      base: 'https://example.com/_id/late',
      self: 'https://example.com/_id/late/docs/page',
      url: 'https://example.com/_id/late/docs/page/links',
    });
  });

  it('keeps the prefix in the redirect of a container to its slash URL', async () => {
    const app = await createTestApp({ rootFactory: () => new TestFolder(''), settings: {} });
    await app.withRoot((root) => addPath(root, ['docs', 'page'], 'body'));
    app.views.register(TestFolder, { name: 'index_html', permission: 'View', handler: () => 'x' });
    const koa = new Koa();
    koa.use(async (ctx, next) => {
      setUrlPrefix(ctx, '/_id/abc');
      await next();
    });
    const res = await request(usePublisher(koa, { app }).callback()).get('/docs?x=1').expect(301);
    expect(res.headers.location).toBe('/_id/abc/docs/?x=1');
  });
});
