// F-01: for any sequence of segments drawn from the T-vectors and random Unicode, the real
// publisher answers only with a known status, never 500, and Object.prototype stays unchanged.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { usePublisher } from '@zoa/core/publisher';
import type { TestApp } from '@zoa/core/testing';
import { createTestApp } from '@zoa/core/testing';
import Koa from 'koa';
import { T04_NAMES, encodeAll } from './fixtures/t04-vectors';
import { addPath, TestFolder, TestPage } from './fixtures/test-tree';

const KNOWN = new Set([200, 301, 302, 304, 400, 401, 403, 404, 405, 414]);

const VECTORS = [
  '',
  '.',
  '..',
  '%2e',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '%252e%252e',
  '%25',
  '%',
  '%z',
  '%zz',
  '%C0%AE',
  '%C0%AE%C0%AE',
  '%E0%80%AF',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%FF',
  '%00',
  'a%00b',
  '%0d%0a',
  '%2f',
  '%2F',
  '%5c',
  '..%2f..',
  '%C2%85',
  '%7f',
  '@@',
  '@@index_html',
  '@@info',
  '@@constructor',
  '@@__proto__',
  'x'.repeat(256),
  '%41'.repeat(256),
  'a',
  'b',
  'c',
  'page',
  'index_html',
  'info',
  'raw',
  'edit',
  'secret',
  ...T04_NAMES,
  ...T04_NAMES.slice(0, 12).map(encodeAll),
];

/** Percent-encodes everything but unreserved characters (lone surrogates become U+FFFD). */
function encodeSegment(text: string): string {
  let out = '';
  for (const char of text) {
    if (/^[A-Za-z0-9\-._~]$/.test(char)) out += char;
    else
      for (const byte of Buffer.from(char, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const segment = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...VECTORS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }).map(encodeSegment) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }).map(encodeURIComponent) },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: fc.constantFrom(..."abc%.@_~!$&'()*+,;=:".split('')), maxLength: 8 })
      .filter((s) => !s.includes('/')),
  },
);
/** A real prefix (so that some paths resolve), then random segments, then maybe a slash. */
const prefix = fc.integer({ min: 0, max: 4 }).map((n) => ['a', 'b', 'c', 'page'].slice(0, n));
const path = fc
  .tuple(prefix, fc.array(segment, { maxLength: 70 }), fc.boolean())
  .map(([real, segments, slash]) => `/${[...real, ...segments].join('/')}${slash ? '/' : ''}`);
const method = fc.constantFrom('GET', 'HEAD', 'GET', 'POST', 'DELETE', 'PUT', 'OPTIONS');

describe('publisher', () => {
  let app: TestApp<TestFolder>;
  let server: http.Server;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  beforeAll(async () => {
    app = await createTestApp({ rootFactory: () => new TestFolder('') });
    await app.withRoot(async (root) => {
      await addPath(root, ['a', 'b', 'c', 'page'], 'deep');
    });
    const views = app.views;
    views.register(TestFolder, {
      name: 'index_html',
      permission: 'View',
      handler: () => '<p>folder</p>',
    });
    views.register(TestPage, {
      name: 'index_html',
      permission: 'View',
      handler: (_ctx, p) => p.body,
    });
    views.register(TestPage, {
      name: 'info',
      permission: 'View',
      handler: (ctx) => ({ url: ctx.zoa.url, q: ctx.zoa.query.getString('q') ?? null }),
    });
    views.register(TestPage, {
      name: 'raw',
      acceptsSubpath: true,
      permission: 'View',
      handler: (ctx) => ctx.zoa.subpath.join('|'),
    });
    views.register(TestPage, {
      name: 'edit',
      methods: ['POST'],
      permission: 'View',
      handler: (ctx, page) => {
        page.setBody(ctx.zoa.form.requireString('body'));
        return 'ok';
      },
    });
    views.register(TestPage, { name: 'secret', permission: 'Manage', handler: () => 'secret' });
    server = usePublisher(new Koa(), { app }).listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
  });

  afterAll(async () => {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
    await app.close();
  });

  function send(verb: string, target: string): Promise<number> {
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = http.request({ port, method: verb, path: target, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('F-01 answers only known statuses and never 500 for thousands of random paths', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        method,
        path,
        fc.constantFrom('', '?q=1', '?q=1&q=2', '?__proto__[x]=1'),
        async (verb, target, query) => {
          const status = await send(verb, target + query);
          seen.set(status, (seen.get(status) ?? 0) + 1);
          expect(KNOWN.has(status)).toBe(true);
          expect(({} as Record<string, unknown>).x).toBeUndefined();
        },
      ),
      { numRuns: 3000 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    for (const status of [200, 301, 400, 404, 405, 414])
      expect(seen.get(status) ?? 0).toBeGreaterThan(0);
    expect(app.logEntries.some((e) => e.level === 'error')).toBe(false);
  });
});
