// The Redis container against a real Redis (ZOA_TEST_REDIS_URL; skipped without it).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { ConflictError, TransactionManager } from '@zoa/core';
import type { SessionData } from '@zoa/sessions';
import {
  MaxTransientObjectsExceeded,
  newBrowserId,
  RedisSessionContainer,
  RedisTransientObject,
  SessionsUnavailableError,
} from '@zoa/sessions';
import { FakeClock } from '../transience/fixtures/fake-clock';
import { deleteKeys, redisProxy } from '../fixtures/redis-proxy';

const REDIS = process.env.ZOA_TEST_REDIS_URL;
const describeRedis = REDIS ? describe : describe.skip;

describeRedis('RedisSessionContainer', () => {
  const url = REDIS as string;
  const tm = new TransactionManager();
  const containers: RedisSessionContainer[] = [];
  let prefix: string;
  let clock: FakeClock;

  function container(
    options: Partial<ConstructorParameters<typeof RedisSessionContainer>[0]> = {},
  ) {
    const made = new RedisSessionContainer({
      redis: url,
      keyPrefix: prefix,
      clock: clock.now,
      ...options,
    });
    containers.push(made);
    return made;
  }

  /** Runs `work` on the container in a unit of work, committed (retried on conflict). */
  const run = <T>(
    redis: RedisSessionContainer,
    work: (sessions: ReturnType<RedisSessionContainer['in']>) => Promise<T>,
    retries = 0,
  ) => tm.run((txn) => work(redis.in(txn)), { retries, maxBackoffMs: 2 });

  let cleaner: Redis;
  beforeAll(() => {
    cleaner = new Redis(url);
  });
  afterAll(() => cleaner.quit());
  beforeEach(() => {
    prefix = `zoa-test:${randomUUID()}:`;
    clock = new FakeClock();
  });
  afterEach(async () => {
    for (const made of containers.splice(0)) await made.close();
    await deleteKeys(cleaner, prefix);
  });

  it('stores a session with the unit of work, and finds it in another one', async () => {
    const redis = container();
    const id = newBrowserId();
    await run(redis, async (sessions) => {
      const session = await sessions.new(id);
      expect(session).toBeInstanceOf(RedisTransientObject);
      session.set('cart', ['book']);
    });
    const found = (await run(redis, (sessions) => sessions.get(id))) as SessionData;
    expect(found.get('cart')).toEqual(['book']);
    expect(found.getCreated()).toBe(clock.ms);
    expect(String(found)).not.toContain(id); // S-23
    expect(await redis.length).toBe(1);
    expect(await redis.keys()).toEqual([id]);
  });

  it('writes nothing when the unit of work aborts', async () => {
    const redis = container();
    const id = newBrowserId();
    await expect(
      tm.run(async (txn) => {
        (await redis.in(txn).new(id)).set('a', 1);
        throw new Error('the view failed');
      }),
    ).rejects.toThrow('the view failed');
    expect(await run(redis, (sessions) => sessions.get(id))).toBeNull();
  });

  it('keeps a session between T and T+P after its last use', async () => {
    const redis = container({ timeoutMinutes: 1, periodSeconds: 20 });
    const id = newBrowserId();
    clock.at(5); // slice 0
    await run(redis, async (sessions) => (await sessions.new(id)).set('a', 1));
    clock.at(79.9); // slice 60 = 0 + T: still visible
    expect(await run(redis, (sessions) => sessions.get(id))).not.toBeNull(); // touched: slice 60
    clock.at(139.9); // slice 120 = 60 + T
    expect(await run(redis, (sessions) => sessions.get(id))).not.toBeNull(); // touched: slice 120
    clock.at(200); // slice 200 > 120 + 60
    expect(await run(redis, (sessions) => sessions.get(id))).toBeNull();
  });

  it('S-15: ends a session at creation + absolute timeout although it is used all along', async () => {
    const redis = container({ timeoutMinutes: 20, absoluteTimeoutMinutes: 5 });
    const id = newBrowserId();
    clock.at(0);
    await run(redis, async (sessions) => (await sessions.new(id)).set('n', 0));
    for (let t = 60; t <= 240; t += 60) {
      clock.at(t);
      await run(redis, async (sessions) => {
        const session = (await sessions.get(id)) as SessionData;
        session.set('n', t);
      });
    }
    clock.at(299.999);
    expect(await run(redis, (sessions) => sessions.get(id))).not.toBeNull();
    clock.at(300);
    expect(await run(redis, (sessions) => sessions.get(id))).toBeNull();
  });

  it('S-15: never lets the Redis TTL of a session reach past creation + absolute timeout', async () => {
    const redis = container({ timeoutMinutes: 20, absoluteTimeoutMinutes: 5 });
    const id = newBrowserId();
    clock.at(0);
    await run(redis, async (sessions) => (await sessions.new(id)).set('n', 0));
    const ttl = () => cleaner.pttl(`${prefix}${id}`);
    expect(await ttl()).toBeGreaterThan(290_000);
    expect(await ttl()).toBeLessThanOrEqual(300_000); // not 20 min + resolution + grace
    for (let t = 30; t <= 270; t += 60) {
      clock.at(t);
      await run(redis, async (sessions) => {
        const session = (await sessions.get(id)) as SessionData;
        session.set('n', t); // a write: the hash and its TTL are written again
      });
      expect(await ttl()).toBeGreaterThan(0);
      expect(await ttl()).toBeLessThanOrEqual(300_000 - t * 1000);
    }
    const plain = container({ timeoutMinutes: 20 }); // without it: idle expiry + grace
    const other = newBrowserId();
    await run(plain, async (sessions) => (await sessions.new(other)).set('n', 0));
    expect(await cleaner.pttl(`${prefix}${other}`)).toBeGreaterThan(300_000);
  });

  it('S-15: sweeps sessions at their absolute timeout, notifying, and leaves them out of keys', async () => {
    const redis = container({ timeoutMinutes: 0, absoluteTimeoutMinutes: 5 });
    const ended: unknown[] = [];
    redis.setNotifications({ del: (item) => void ended.push((item as SessionData).get('n')) });
    const [old1, old2, young] = [newBrowserId(), newBrowserId(), newBrowserId()];
    clock.at(0);
    for (const [id, n] of [
      [old1, 1],
      [old2, 2],
    ] as const) {
      await run(redis, async (sessions) => (await sessions.new(id)).set('n', n));
    }
    clock.at(100);
    await run(redis, async (sessions) => (await sessions.new(young)).set('n', 3));
    clock.at(300);
    expect(await redis.keys()).toEqual([young]);
    expect(await redis.housekeep()).toBe(2);
    expect(ended.sort()).toEqual([1, 2]);
    expect(await redis.length).toBe(1);
    expect(await cleaner.exists(`${prefix}${old1}`, `${prefix}${old2}`)).toBe(0);
    expect(await cleaner.zcard(`${prefix}@created`)).toBe(1);
  });

  it('S-15: refuses a bad absolute timeout with a message naming it', () => {
    expect(() => container({ absoluteTimeoutMinutes: -1 })).toThrow(
      'absoluteTimeoutMinutes cannot be negative (-1)',
    );
    expect(() => container({ absoluteTimeoutMinutes: 0.5 })).toThrow(/^absoluteTimeoutMinutes/);
    expect(container({ absoluteTimeoutMinutes: 90 }).getAbsoluteTimeoutMinutes()).toBe(90);
  });

  it('merges concurrent writes of different keys, and retries increments of one (R-01)', async () => {
    const redis = container();
    const id = newBrowserId();
    await run(redis, async (sessions) => (await sessions.new(id)).set('n', 0));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        run(redis, async (sessions) => ((await sessions.get(id)) as SessionData).set(`k${i}`, i)),
      ),
    );
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        tm.run(
          async (txn) => {
            const session = (await redis.in(txn).get(id)) as SessionData;
            session.set('n', (session.get('n') as number) + 1);
          },
          { retries: 100, maxBackoffMs: 5, onRetry: () => (conflicts += 1) },
        ),
      ),
    );
    const session = (await run(redis, (sessions) => sessions.get(id))) as SessionData;
    expect(session.keys().filter((k) => k.startsWith('k'))).toHaveLength(20);
    expect(session.get('n')).toBe(20);
    expect(conflicts).toBeGreaterThan(0);
  });

  it('fails a read-modify-write of a key changed meanwhile with a ConflictError', async () => {
    const redis = container();
    const id = newBrowserId();
    await run(redis, async (sessions) => (await sessions.new(id)).set('n', 1));
    const txn = tm.begin();
    const mine = (await redis.in(txn).get(id)) as SessionData;
    mine.set('n', (mine.get('n') as number) + 1);
    await run(redis, async (sessions) => ((await sessions.get(id)) as SessionData).set('n', 10));
    await expect(txn.commit()).rejects.toBeInstanceOf(ConflictError);
    const session = (await run(redis, (sessions) => sessions.get(id))) as SessionData;
    expect(session.get('n')).toBe(10);
  });

  it('lets an invalidation win over a concurrent write, firing the delete notification', async () => {
    const redis = container();
    const ended: string[] = [];
    redis.setNotifications({
      del: (item) => void ended.push(String((item as SessionData).get('name'))),
    });
    const id = newBrowserId();
    await run(redis, async (sessions) => (await sessions.new(id)).set('name', 'ada'));
    const txn = tm.begin();
    ((await redis.in(txn).get(id)) as SessionData).set('late', true);
    await run(redis, async (sessions) => ((await sessions.get(id)) as SessionData).invalidate());
    await txn.commit(); // applies nothing: the session is gone
    expect(await run(redis, (sessions) => sessions.get(id))).toBeNull();
    expect(ended).toEqual(['ada']);
    expect(await redis.length).toBe(0);
  });

  it('answers a full container with MaxTransientObjectsExceeded and Retry-After (R-06)', async () => {
    const redis = container({ limit: 2 });
    await run(redis, (sessions) => sessions.new(newBrowserId()));
    await run(redis, (sessions) => sessions.new(newBrowserId()));
    const error = await run(redis, (sessions) => sessions.new(newBrowserId())).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MaxTransientObjectsExceeded);
    expect((error as MaxTransientObjectsExceeded).headers['Retry-After']).toBe(
      String(20 * 60 + 20),
    );
    clock.advance(20 * 60 + 21); // the two expire: room again
    await run(redis, (sessions) => sessions.new(newBrowserId()));
  });

  it('finalizes expired sessions once, even with two processes sweeping (R-07)', async () => {
    const a = container({ timeoutMinutes: 1 });
    const b = container({ timeoutMinutes: 1 });
    const ended: string[] = [];
    for (const redis of [a, b]) {
      redis.setNotifications({
        del: (item) => void ended.push((item as SessionData).get('n') as string),
      });
    }
    for (const n of ['1', '2', '3']) {
      await run(a, async (sessions) => (await sessions.new(newBrowserId())).set('n', n));
    }
    clock.advance(2 * 60);
    const [fromA, fromB] = await Promise.all([
      a.housekeep({ maxItems: 2 }),
      b.housekeep({ maxItems: 2 }),
    ]);
    const more = await a.housekeep();
    expect(fromA + fromB + more).toBe(3);
    expect(ended.sort()).toEqual(['1', '2', '3']);
    expect(await a.length).toBe(0);
  });

  it('answers 503 within about a second while Redis is unreachable, and recovers (R-04, R-05)', async () => {
    const proxy = await redisProxy(url);
    try {
      const redis = container({ redis: proxy.url, timeoutMs: 500 });
      const id = newBrowserId();
      await run(redis, async (sessions) => (await sessions.new(id)).set('a', 1));
      await proxy.down();
      const started = Date.now();
      const error = await run(redis, (sessions) => sessions.get(id)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SessionsUnavailableError);
      expect((error as SessionsUnavailableError).status).toBe(503);
      expect((error as SessionsUnavailableError).headers['Retry-After']).toBe('5');
      expect(Date.now() - started).toBeLessThan(1500);
      await proxy.up();
      let found: unknown;
      for (let attempt = 0; attempt < 50 && found === undefined; attempt += 1) {
        found = await run(redis, (sessions) => sessions.get(id)).catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 100)); // waiting for the reconnect
          return undefined;
        });
      }
      expect((found as SessionData).get('a')).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it('fails fast when nothing listens at the address', async () => {
    const redis = container({ redis: 'redis://127.0.0.1:9', timeoutMs: 300 });
    const started = Date.now();
    await expect(run(redis, (sessions) => sessions.get(newBrowserId()))).rejects.toBeInstanceOf(
      SessionsUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
