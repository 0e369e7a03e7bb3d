// The ZMI's static files: from memory, with their types, nosniff and a year of caching under
// the current version; nothing else can be named.
import { hasStaticFile, staticVersion } from '../../src/zmi';
import { createZmiSite } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

describe('static files', () => {
  let z: ZmiSite;
  beforeAll(async () => {
    z = await createZmiSite({ temporary: false });
  });
  afterAll(() => z.close());

  it.each([
    ['zmi.css', 'text/css; charset=utf-8'],
    ['zmi.js', 'text/javascript; charset=utf-8'],
    ['icons/folder.svg', 'image/svg+xml'],
  ])('serves %s as %s, cached for a year, to anyone', async (name, type) => {
    const res = await z.http.get(`/manage_static/${staticVersion()}/${name}`).expect(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers.etag).toMatch(/^"[\w-]{16}"$/);
    await z.http
      .get(`/manage_static/${staticVersion()}/${name}`)
      .set('If-None-Match', res.headers.etag as string)
      .expect(304);
  });

  it('serves an old version without long caching', async () => {
    const res = await z.http.get('/manage_static/0123456789ab/zmi.css').expect(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it.each([
    '/manage_static',
    `/manage_static/${'v'}/`,
    `/manage_static/v/..%2Fzmi%2Fzmi-static.ts`,
    '/manage_static/v/../../package.json',
    '/manage_static/v/zmi/layout.njk',
    '/manage_static/v/icons/nope.svg',
  ])('answers 404 for %s', async (url) => {
    const res = await z.http.get(url);
    expect([400, 404]).toContain(res.status);
  });

  it('knows its files', () => {
    expect(hasStaticFile('icons/folder.svg')).toBe(true);
    expect(hasStaticFile('../package.json')).toBe(false);
    expect(staticVersion()).toMatch(/^[0-9a-f]{12}$/);
  });
});
