import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import Koa from 'koa';
import request from 'supertest';
import { Database, MemoryStorage, SqliteStorage, TransactionManager } from '@zoa/core/persistence';
import { createTestApp } from '@zoa/core/testing';
import { Application, Folder, MountPoint } from '@zoa/core/tree';
import type { Authorizer, PublisherApp } from '@zoa/core/publisher';
import { publisher, usePublisher } from '@zoa/core/publisher';
import { counterValue, createPublishingSite, pageBody } from './fixtures/publishing-site';
import type { PublishingSite } from './fixtures/publishing-site';
import type { TestFolder } from './fixtures/test-tree';
import { TestCounter, TestPage } from './fixtures/test-tree';

describe('publisher', () => {
  let site: PublishingSite;
  let http: ReturnType<typeof request>;
  beforeEach(async () => {
    site = await createPublishingSite();
    http = request(site.koa.callback());
  });
  afterEach(() => site.app.close());

  describe('views and methods', () => {
    it('answers 200 with the default view when a page 4 levels deep is requested', async () => {
      const res = await http.get('/a/b/c/page').expect(200);
      expect(res.text).toBe('deep');
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    });

    it('answers HEAD wherever GET works, without a body', async () => {
      const res = await http.head('/a/b/c/page').expect(200);
      expect(res.text).toBeUndefined();
      expect(res.headers['content-length']).toBe('4');
    });

    it('calls a named view, also with @@', async () => {
      await http.get('/a/b/c/page/info').expect(200);
      const res = await http.get('/a/b/c/page/@@info').expect(200);
      expect(res.body.viewName).toBe('info');
    });

    it('answers 405 with Allow when the method is not registered', async () => {
      const res = await http.delete('/a/b/c/page').expect(405);
      expect(res.headers.allow).toBe('GET, HEAD');
      const edit = await http.get('/a/b/c/page/edit').expect(405);
      expect(edit.headers.allow).toBe('POST');
    });

    it('answers 405 to POST on a container instead of redirecting it', async () => {
      const res = await http.post('/a').expect(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    });

    it.each([
      '/nothing',
      '/a/nothing',
      '/a/b/c/page/nothing',
      '/a/b/c/page/index_html/extra',
      '/a/b/c/page/constructor',
      '/a/b/c/page/__proto__',
      '/a/b/c/page/_p_oid',
      '/a/b/c/page/toString',
      '/a/b/c/page/@@constructor',
      '/a/b/c/page/setBody',
      '/a/b/c/page/body',
      '/a/b/c/page/id',
    ])('answers 404 for %s (T-06: only registered views are published)', async (url) => {
      await http.get(url).expect(404);
    });

    it('passes the subpath to views that accept one', async () => {
      const res = await http.get('/a/b/c/page/raw/x/y%20z').expect(200);
      expect(res.text).toBe('x|y z');
    });

    it('answers 204 when a view returns nothing', async () => {
      site.app.views.register(TestPage, {
        name: 'nothing',
        permission: 'View',
        handler: () => undefined,
      });
      await http.get('/a/b/c/page/nothing').expect(204);
    });

    it('buffers a streamed body before committing', async () => {
      site.app.views.register(TestPage, {
        name: 'stream',
        permission: 'View',
        handler: (ctx) => {
          ctx.type = 'text/csv';
          return Readable.from(['a,', 'b\n']);
        },
      });
      const res = await http.get('/a/b/c/page/stream').expect(200);
      expect(res.text).toBe('a,b\n');
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-length']).toBe('4');
    });

    it('answers 304 when the view set an ETag the client has', async () => {
      await http.get('/a/b/c/page/tagged').set('If-None-Match', '"v1"').expect(304);
      await http.get('/a/b/c/page/tagged').set('If-None-Match', '"v0"').expect(200);
    });
  });

  describe('container redirects', () => {
    it('redirects a container to its slash URL with 301, keeping the query string', async () => {
      const res = await http.get('/a/b/c?x=1&y=%20').expect(301);
      expect(res.headers.location).toBe('/a/b/c/?x=1&y=%20');
      await http.head('/a').expect(301).expect('Location', '/a/');
    });

    it('serves the container when the slash is there', async () => {
      const res = await http.get('/a/b/c/').expect(200);
      expect(res.text).toBe('<ul><li>page</li></ul>');
    });

    it('never redirects off-site when the path starts with //', async () => {
      const res = await http.get('//a').expect(301);
      expect(res.headers.location).toBe('/a/');
    });

    it('redirects to the normalized path when the path had dot segments', async () => {
      await http.get('/a/b/../b/c/page/../').expect(200);
      const res = await http.get('/a/b/c/page/..').expect(301);
      expect(res.headers.location).toBe('/a/b/c/');
    });

    it('serves the root without a redirect', async () => {
      await http.get('/').expect(200);
    });
  });

  describe('authorization', () => {
    it('answers 401 to anonymous users for a protected view with the default authorizer', async () => {
      await http.get('/a/b/c/page/secret').expect(401);
    });

    it('answers 403 when the authorizer says forbidden, and 200 when ok', async () => {
      const calls: string[] = [];
      const authorizer: Authorizer = {
        authorize: async (ctx, context, permission) => {
          calls.push(`${(context as TestPage).id}:${permission}:${ctx.zoa.viewName}`);
          return ctx.get('x-user') === 'boss' ? 'ok' : 'forbidden';
        },
      };
      const other = await createPublishingSite({ authorizer });
      try {
        const client = request(other.koa.callback());
        await client.get('/a/b/c/page/secret').expect(403);
        await client.get('/a/b/c/page/secret').set('X-User', 'boss').expect(200, 'secret');
        expect(calls).toEqual(['page:Manage:secret', 'page:Manage:secret']);
      } finally {
        await other.app.close();
      }
    });
    it('asks the authorizer the app has now, when it was replaced after the middleware was made', async () => {
      const app: { -readonly [K in keyof PublisherApp]: PublisherApp[K] } = { ...site.app };
      const client = request(usePublisher(new Koa(), { app }).callback());
      await client.get('/a/b/c/page/secret').expect(401);
      app.authorizer = { authorize: () => 'ok' };
      await client.get('/a/b/c/page/secret').expect(200, 'secret');
    });
  });

  describe('T-15 and T-19 through HTTP', () => {
    it('T-15 keeps urlencoded key paths flat', async () => {
      const res = await http
        .post('/a/b/c/page/fields')
        .type('form')
        .send('__proto__[x]=1&constructor[prototype][y]=2&title=t')
        .expect(200);
      expect(res.body.keys).toEqual(['__proto__[x]', 'constructor[prototype][y]', 'title']);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
      expect(({} as Record<string, unknown>).y).toBeUndefined();
    });

    it('T-15 keeps a JSON __proto__ as an ordinary field', async () => {
      const res = await http
        .put('/a/b/c/page/fields')
        .set('Content-Type', 'application/json')
        .send('{"__proto__":{"x":1},"title":"t"}')
        .expect(200);
      expect(res.body.keys).toEqual(['__proto__', 'title']);
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    });

    it.each([
      ['a repeated form key', 'form', 'title=a&title=b'],
      ['a JSON number', 'json', '{"title":1}'],
      ['a JSON array', 'json', '{"title":["a"]}'],
    ])('T-19 answers 400 for %s where a string is expected', async (_label, type, body) => {
      await http.post('/a/b/c/page/fields').type(type).send(body).expect(400);
    });

    it('T-19 answers 400 for a repeated query key where one value is expected', async () => {
      await http.get('/a/b/c/page/info?q=1&q=2').expect(400);
      const ok = await http.get('/a/b/c/page/info?q=1').expect(200);
      expect(ok.body.q).toBe('1');
    });

    it('answers 413 for a body over the limit and 415 for an unsupported type', async () => {
      await http
        .post('/a/b/c/page/fields')
        .type('form')
        .send(`title=${'x'.repeat(70_000)}`)
        .expect(413);
      await http.post('/a/b/c/page/fields').type('text').send('hello').expect(415);
    });
  });

  describe('ctx.zoa', () => {
    it('exposes the traversal record and URL helpers (origin-relative by default, T-18)', async () => {
      const res = await http.get('/a/b/c/page/info').set('Host', 'evil.example').expect(200);
      expect(res.body).toEqual({
        url: '/a/b/c/page/info',
        self: '/a/b/c/page',
        parents: ['page', 'c', 'b', 'a', ''],
        traversed: ['a', 'b', 'c', 'page'],
        viewName: 'info',
        q: null,
      });
    });

    it('T-18 uses the Host header only when it is allowed', async () => {
      const other = await createPublishingSite({ settings: { allowedHosts: ['www.example.com'] } });
      try {
        const client = request(other.koa.callback());
        const good = await client
          .get('/a/b/c/page/info')
          .set('Host', 'WWW.example.com')
          .expect(200);
        expect(good.body.self).toBe('http://www.example.com/a/b/c/page');
        const bad = await client.get('/a/b/c/page/info').set('Host', 'evil.example').expect(200);
        expect(bad.body.self).toBe('http://www.example.com/a/b/c/page');
      } finally {
        await other.app.close();
      }
    });

    it('T-18 honours X-Forwarded-Proto/Host only behind a trusted proxy', async () => {
      const forwarded = { 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'public.example' };
      const plain = await http.get('/a/b/c/page/info').set(forwarded).expect(200);
      expect(plain.body.self).toBe('/a/b/c/page');
      const other = await createPublishingSite({ settings: { trustProxy: true } });
      try {
        const res = await request(other.koa.callback())
          .get('/a/b/c/page/info')
          .set(forwarded)
          .expect(200);
        expect(res.body.self).toBe('https://public.example/a/b/c/page');
      } finally {
        await other.app.close();
      }
    });
  });

  describe('transactions', () => {
    it('aborts and discards the view’s headers and cookies when it throws; 500 hides the detail', async () => {
      const res = await http
        .post('/a/b/c/page/boom')
        .set('Cookie', 'sid=s3cr3t-session-id')
        .expect(500);
      expect(res.text).not.toMatch(/internal detail|s3cr3t|at /);
      expect(res.headers['x-boom']).toBeUndefined();
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(await pageBody(site.app)).toBe('deep');
      const logged = JSON.stringify(site.app.logEntries);
      expect(logged).toContain('internal detail');
      expect(logged).not.toContain('s3cr3t-session-id');
    });

    it('re-runs the request when two concurrent requests conflict, and both succeed', async () => {
      const [first, second] = await Promise.all([
        http.post('/counter/increment').expect(200),
        http.post('/counter/bump').expect(200),
      ]);
      expect([first.text, second.text].sort()).toEqual(['1', '2']);
      expect(await counterValue(site.app)).toBe(2);
      expect((site.calls.get('increment') ?? 0) + (site.calls.get('bump') ?? 0)).toBe(3);
      const retried = [first, second].find((res) => res.text === '2');
      expect(retried?.headers['x-attempt-1']).toBe('yes');
      expect(retried?.headers['x-attempt-0']).toBeUndefined();
      expect(String(retried?.headers['set-cookie'])).not.toContain('attempt0');
      expect(String(retried?.headers['set-cookie'])).toContain('attempt1');
      const lines = site.app.logEntries.filter((e) => e.msg === 'request' && e.path !== undefined);
      expect(lines.map((e) => e.retries).sort()).toEqual([0, 1]);
    });

    it('answers 409 after 3 retries, without the attempts’ headers or the conflict detail', async () => {
      const res = await http
        .post('/counter/always-conflicts')
        .set('Accept', 'application/json')
        .expect(409);
      expect(site.calls.get('always-conflicts')).toBe(4);
      expect(res.headers['x-leak']).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toContain('oid 42');
      const line = site.app.logEntries.find((e) => e.msg === 'request');
      expect(line).toMatchObject({
        method: 'POST',
        path: '/counter/always-conflicts',
        status: 409,
        retries: 3,
      });
    });

    it('honours the retries option', async () => {
      const other = await createPublishingSite({ retries: 0 });
      try {
        await request(other.koa.callback()).post('/counter/always-conflicts').expect(409);
        expect(other.calls.get('always-conflicts')).toBe(1);
      } finally {
        await other.app.close();
      }
    });
  });

  describe('with SQLite', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-publisher-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('commits what a view wrote, durably', async () => {
      const file = path.join(dir, 'commit.sqlite');
      const sqlite = await createPublishingSite({ storage: new SqliteStorage({ path: file }) });
      const client = request(sqlite.koa.callback());
      const res = await client
        .post('/a/b/c/page/edit')
        .type('form')
        .send('body=edited')
        .expect(200);
      expect(res.body).toEqual({ ok: true, body: 'edited' });
      await client.get('/a/b/c/page').expect(200, 'edited');
      await sqlite.app.close();
      const db = await Database.open(new SqliteStorage({ path: file }));
      try {
        const body = await new TransactionManager().run(async (txn) => {
          let node: object | undefined = await (await txn.open(db)).root<TestFolder>();
          for (const name of ['a', 'b', 'c', 'page'])
            node = await (node as TestFolder).publishTraverse(name);
          return (node as TestPage).body;
        });
        expect(body).toBe('edited');
      } finally {
        await db.close();
      }
    });

    it('leaves nothing behind when a view throws', async () => {
      const file = path.join(dir, 'abort.sqlite');
      const sqlite = await createPublishingSite({ storage: new SqliteStorage({ path: file }) });
      try {
        await request(sqlite.koa.callback()).post('/a/b/c/page/boom').expect(500);
        expect(await pageBody(sqlite.app)).toBe('deep');
      } finally {
        await sqlite.app.close();
      }
    });

    it('retries conflicting concurrent requests to success', async () => {
      const file = path.join(dir, 'conflict.sqlite');
      const sqlite = await createPublishingSite({ storage: new SqliteStorage({ path: file }) });
      try {
        const client = request(sqlite.koa.callback());
        await Promise.all([
          client.post('/counter/increment').expect(200),
          client.post('/counter/bump').expect(200),
        ]);
        expect(await counterValue(sqlite.app)).toBe(2);
      } finally {
        await sqlite.app.close();
      }
    });
  });

  describe('options', () => {
    it.each([
      ['no options', undefined],
      ['no app', {}],
      ['an app without a database', { app: { ...({} as PublisherApp) } }],
    ])('throws TypeError at once for %s', (_label, options) => {
      expect(() => publisher(options as never)).toThrow(TypeError);
    });

    it('throws TypeError for bad settings, retries and limits', () => {
      const { app } = site;
      const bad = [
        { app: { ...app, settings: { ...app.settings, publicUrl: 'javascript:alert(1)' } } },
        { app: { ...app, settings: { ...app.settings, allowedHosts: ['bad host'] } } },
        { app: { ...app, settings: { devMode: 'yes', trustProxy: false } } },
        { app, retries: -1 },
        { app, bodyLimits: { formBytes: 0 } },
        { app, bodyLimits: { nonsense: 1 } },
      ];
      for (const options of bad) expect(() => publisher(options as never)).toThrow(TypeError);
      expect(typeof publisher({ app })).toBe('function');
      expect(publisher({ app }).name).toBe('zoaPublisher');
    });

    it('answers through usePublisher on a fresh Koa app', async () => {
      const koa = usePublisher(new Koa(), { app: site.app });
      await request(koa.callback()).get('/a/b/c/page').expect(200, 'deep');
    });
  });
});

describe('publisher across a mount point', () => {
  it('commits one unit of work over both databases, or nothing when the view throws', async () => {
    const app = await createTestApp({ rootFactory: () => new Application() });
    const other = await Database.open(new MemoryStorage({ name: 'other' }), {
      name: 'other',
      databases: app.databases,
      rootFactory: () => new Folder('mnt'),
    });
    try {
      await app.withRoot(async (root) => {
        await root.setObject('counter', new TestCounter('counter'));
        await root.setObject('mnt', new MountPoint('mnt', 'other'));
      });
      await app.withRoot(async (root) => {
        const mounted = (await root.publishTraverse('mnt')) as Folder;
        await mounted.setObject('counter', new TestCounter('counter'));
      });
      app.views.register(TestCounter, {
        name: 'both',
        methods: ['POST'],
        permission: 'View',
        handler: async (ctx, counter) => {
          counter.increment();
          const main = (await (ctx.zoa.root as Application).get('counter')) as TestCounter;
          main.increment();
          if (ctx.zoa.query.getString('fail') === '1') throw new Error('fail after both writes');
          return { url: ctx.zoa.absoluteUrl(counter), mounted: counter.value, main: main.value };
        },
      });
      const http = request(usePublisher(new Koa(), { app }).callback());
      const ok = await http.post('/mnt/counter/both').expect(200);
      expect(ok.body).toEqual({ url: '/mnt/counter', mounted: 1, main: 1 });
      await http.post('/mnt/counter/both?fail=1').expect(500);
      const values = await app.transactionManager.run(async (txn) => {
        const main = await (await txn.open(app.rootDatabase)).root<Application>();
        const mounted = await (await txn.open(other)).root<Folder>();
        return [
          ((await main.get('counter')) as TestCounter).value,
          ((await mounted.get('counter')) as TestCounter).value,
        ];
      });
      expect(values).toEqual([1, 1]);
    } finally {
      await other.close();
      await app.close();
    }
  });
});

describe('createTestApp', () => {
  it('makes an Application root when no root factory is given', async () => {
    const app = await createTestApp();
    try {
      app.views.register(Application, {
        name: 'index_html',
        permission: 'View',
        handler: () => 'root',
      });
      await request(usePublisher(new Koa(), { app }).callback()).get('/').expect(200, 'root');
      expect(await app.withRoot((root) => root.metaType)).toBe('Application');
    } finally {
      await app.close();
    }
  });
});
