// Sites keeping their sessions in Redis (settings.sessions.redis), over HTTP: two sites stand
// for two processes behind a load balancer. Needs ZOA_TEST_REDIS_URL; skipped without it.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import request from 'supertest';
import { ConfigError } from '@zoa/core/config';
import { createProduct } from '@zoa/sessions';
import type { HttpSite } from '../fixtures/http-site';
import { browserIdOf, createHttpSite, setCookies } from '../fixtures/http-site';
import { deleteKeys, redisProxy } from '../fixtures/redis-proxy';

const REDIS = process.env.ZOA_TEST_REDIS_URL;
const describeRedis = REDIS ? describe : describe.skip;
const cookie = (id: string) => `_ZopeId=${id}`;

describe('settings.sessions.redis', () => {
  it.each<[unknown, string]>([
    ['redis://x', 'settings.sessions.redis": must be a mapping with a url'],
    [{ url: 'http://x' }, '"settings.sessions.redis.url": must be a redis:// or rediss:// URL'],
    [{ url: 'redis://x', db: 1 }, '"settings.sessions.redis.db": unknown setting'],
    [
      { url: 'redis://x', timeoutMs: 0 },
      '"settings.sessions.redis.timeoutMs": must be a positive integer',
    ],
  ])('refuses %j', (redis, message) => {
    expect(() => createProduct({ settings: { redis } })).toThrow(ConfigError);
    expect(() => createProduct({ settings: { redis } })).toThrow(message);
  });
});

describeRedis('sessions in Redis (HTTP, two sites)', () => {
  const url = REDIS as string;
  let prefix: string;
  let a: HttpSite;
  let b: HttpSite;
  let cleaner: Redis;
  beforeAll(() => {
    cleaner = new Redis(url);
  });
  afterAll(() => cleaner.quit());
  beforeEach(async () => {
    prefix = `zoa-test:${randomUUID()}:`;
    a = await createHttpSite({ sessions: { redis: { url, keyPrefix: prefix } } });
    b = await createHttpSite({ sessions: { redis: { url, keyPrefix: prefix } } });
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    await deleteKeys(cleaner, prefix);
  });

  it('shares a session between two sites on one Redis', async () => {
    const set = await request(a.url).post('/session_set?key=cart&value=book').expect(200);
    const id = browserIdOf(set) as string;
    const read = await request(b.url).get('/session_get?key=cart').set('Cookie', cookie(id));
    expect(read.body).toEqual({ value: 'book' });
    expect(setCookies(read)).toEqual([]);
    await request(b.url).post('/session_invalidate').set('Cookie', cookie(id)).expect(200);
    expect((await request(a.url).get('/session_peek').set('Cookie', cookie(id))).body.exists).toBe(
      false,
    );
    // nothing was created in the temporary folder
    await a.site.run(async (txn) => {
      const temp = await (await a.site.root(txn)).publishTraverse('temp_folder');
      expect(await (temp as { objectIds(): Promise<string[]> }).objectIds()).toEqual([]);
    });
  });

  it('keeps 50 keys and counts 50 increments from both sites at once (R-01)', async () => {
    const id = browserIdOf(await request(a.url).post('/session_incr?key=n')) as string;
    const sets = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(i % 2 ? a.url : b.url)
          .post(`/session_set?key=k${i}&value=${i}`)
          .set('Cookie', cookie(id)),
      ),
    );
    const increments = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        request(i % 2 ? a.url : b.url)
          .post('/session_incr?key=n')
          .set('Cookie', cookie(id)),
      ),
    );
    expect([...sets, ...increments].map((res) => res.status)).toEqual(Array(100).fill(200));
    const peek = await request(b.url).get('/session_peek').set('Cookie', cookie(id));
    expect((peek.body as { keys: string[] }).keys.filter((k) => k.startsWith('k'))).toHaveLength(
      50,
    );
    const count = await request(a.url).get('/session_get?key=n').set('Cookie', cookie(id));
    expect(count.body).toEqual({ value: 51 });
  });

  it('answers 503 with Retry-After within about a second while Redis is down, and recovers (R-04)', async () => {
    const proxy = await redisProxy(url);
    const site = await createHttpSite({
      sessions: { redis: { url: proxy.url, keyPrefix: prefix, timeoutMs: 500 } },
    });
    try {
      const http = request(site.url);
      const id = browserIdOf(await http.post('/session_set?key=a&value=1').expect(200)) as string;
      await proxy.down();
      const started = Date.now();
      const down = await http.get('/session_get?key=a').set('Cookie', cookie(id)).expect(503);
      expect(Date.now() - started).toBeLessThan(1500);
      expect(down.headers['retry-after']).toBe('5');
      expect((await http.get('/no_session')).status).toBe(200);
      await proxy.up();
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
        const res = await http.get('/session_get?key=a').set('Cookie', cookie(id));
        status = res.status;
        if (status === 200) expect(res.body).toEqual({ value: '1' });
        else await new Promise((resolve) => setTimeout(resolve, 100)); // the client reconnects
      }
      expect(status).toBe(200);
    } finally {
      await site.close();
      await proxy.close();
    }
  });
});
