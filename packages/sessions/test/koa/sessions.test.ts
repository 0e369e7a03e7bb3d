// The standalone middleware in a plain Koa app (no tree, no publisher), over a real socket.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import request from 'supertest';
import { ConflictError, MemoryStorage } from '@zoa/core';
import type { Storage, StorageTransaction } from '@zoa/core';
import type { SessionsMiddleware, SessionsOptions } from '@zoa/sessions';
import { BrowserIdManagerError, newBrowserId, rotateBrowserId, sessions } from '@zoa/sessions';
import { FakeClock } from '../transience/fixtures/fake-clock';
import { browserIdOf, setCookies } from '../fixtures/http-site';

const cookie = (id: string) => `_ZopeId=${id}`;

interface App {
  http: ReturnType<typeof request>;
  middleware: SessionsMiddleware;
  close(): Promise<void>;
}

/** A plain Koa app: the sessions middleware and a few routes using ctx.session. */
async function plainApp(options: SessionsOptions = {}): Promise<App> {
  const middleware = sessions(options);
  const koa = new Koa();
  koa.use(middleware);
  koa.use(async (ctx) => {
    const key = typeof ctx.query.key === 'string' ? ctx.query.key : 'key';
    switch (ctx.path) {
      case '/set': {
        const session = await ctx.session();
        session.set(key, String(ctx.query.value ?? ''));
        ctx.body = { keys: session.keys().length };
        return;
      }
      case '/get':
        ctx.body = { value: (await ctx.session()).get(key) };
        return;
      case '/peek': {
        const session = await ctx.session({ create: false });
        ctx.body = { exists: session !== null, keys: session?.keys() ?? [] };
        return;
      }
      case '/incr': {
        const session = await ctx.session();
        session.set(key, ((session.get(key) as number | null) ?? 0) + 1);
        ctx.body = { count: session.get(key) };
        return;
      }
      case '/invalidate':
        await (await ctx.session()).invalidate();
        if (ctx.query.renew === '1') (await ctx.session()).set('renewed', true);
        ctx.body = { invalidated: true };
        return;
      case '/rotate':
        ctx.body = { rotated: await rotateBrowserId(ctx) };
        return;
      case '/redirect':
        (await ctx.session()).set('seen', true);
        ctx.redirect('/get?key=seen');
        return;
      case '/parallel': {
        const [a, b, none] = await Promise.all([
          ctx.session(),
          ctx.session(),
          ctx.session({ create: false }),
        ]);
        a.set(key, 'both');
        ctx.body = { same: a === b && b === none, value: b.get(key) };
        return;
      }
      case '/fail':
        (await ctx.session()).set('lost', true);
        throw new Error('the view failed');
      default:
        ctx.body = 'no session here';
    }
  });
  koa.silent = true;
  const server = http.createServer(koa.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    http: request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    middleware,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await middleware.close();
    },
  };
}

describe('sessions() in a plain Koa app', () => {
  let app: App;
  const clock = new FakeClock();
  beforeEach(async () => {
    clock.at(0);
    app = await plainApp({ clock: clock.now });
  });
  afterEach(() => app.close());

  it('keeps a session across requests, with the secure cookie (S-04, S-05, S-06)', async () => {
    const first = await app.http.get('/set?key=colour&value=blue').expect(200);
    const id = browserIdOf(first) as string;
    expect(setCookies(first)).toEqual([`_ZopeId=${id}; Path=/; HttpOnly; SameSite=Lax`]);
    expect(first.headers['cache-control']).toBe('no-store');
    const again = await app.http.get('/get?key=colour').set('Cookie', cookie(id)).expect(200);
    expect(again.body).toEqual({ value: 'blue' });
    expect(setCookies(again)).toEqual([]);
  });

  it('gives parallel ctx.session() calls of one request one session and one cookie', async () => {
    const first = await app.http.get('/parallel').expect(200);
    expect(first.body).toEqual({ same: true, value: 'both' });
    expect(setCookies(first)).toHaveLength(1);
    const id = browserIdOf(first) as string;
    const again = await app.http.get('/parallel').set('Cookie', cookie(id)).expect(200);
    expect(again.body).toEqual({ same: true, value: 'both' });
    expect(setCookies(again)).toEqual([]);
  });

  it('sets no cookie and stores nothing when the session is not touched (S-24)', async () => {
    const plain = await app.http.get('/').expect(200);
    expect(setCookies(plain)).toEqual([]);
    const peek = await app.http.get('/peek').expect(200);
    expect(peek.body).toEqual({ exists: false, keys: [] });
    expect(setCookies(peek)).toEqual([]);
  });

  it('issues a new id for an unknown well-formed id, and ignores malformed ones (S-08, S-09)', async () => {
    const planted = newBrowserId();
    const res = await app.http.get('/set?key=a&value=1').set('Cookie', cookie(planted)).expect(200);
    expect(browserIdOf(res)).not.toBe(planted);
    expect((await app.http.get('/peek').set('Cookie', cookie(planted))).body.exists).toBe(false);
    for (const header of [
      `_ZopeId=${'x'.repeat(10_240)}`,
      `_ZopeId=${planted}; _ZopeId=${planted}`,
    ]) {
      const bad = await app.http.get('/set?key=a&value=1').set('Cookie', header).expect(200);
      expect(browserIdOf(bad)).toHaveLength(43);
    }
  });

  it('deletes the session and expires the cookie on invalidate(), or renews it (S-18)', async () => {
    const id = browserIdOf(await app.http.get('/set?key=a&value=1')) as string;
    const ended = await app.http.get('/invalidate').set('Cookie', cookie(id)).expect(200);
    expect(setCookies(ended)[0]).toMatch(/^_ZopeId=; Path=\/; Expires=Thu, 01 Jan 1970/);
    expect((await app.http.get('/peek').set('Cookie', cookie(id))).body.exists).toBe(false);
    const other = browserIdOf(await app.http.get('/set?key=a&value=1')) as string;
    const renewed = await app.http
      .get('/invalidate?renew=1')
      .set('Cookie', cookie(other))
      .expect(200);
    const next = browserIdOf(renewed) as string;
    expect(next).not.toBe(other);
    expect((await app.http.get('/peek').set('Cookie', cookie(next))).body.keys).toEqual([
      'renewed',
    ]);
  });

  it('rotates the id keeping the data; the old id is dead (S-11, R-03)', async () => {
    const before = browserIdOf(await app.http.get('/set?key=cart&value=book')) as string;
    const rotated = await app.http.get('/rotate').set('Cookie', cookie(before)).expect(200);
    const after = browserIdOf(rotated) as string;
    expect(after).not.toBe(before);
    expect((await app.http.get('/get?key=cart').set('Cookie', cookie(after))).body).toEqual({
      value: 'book',
    });
    expect((await app.http.get('/peek').set('Cookie', cookie(before))).body.exists).toBe(false);
  });

  it('stores nothing and sets no cookie when downstream fails', async () => {
    const res = await app.http.get('/fail').expect(500);
    expect(setCookies(res)).toEqual([]);
    const id = browserIdOf(await app.http.get('/set?key=a&value=1')) as string;
    await app.http.get('/fail').set('Cookie', cookie(id)).expect(500);
    expect((await app.http.get('/peek').set('Cookie', cookie(id))).body.keys).toEqual(['a']);
  });

  it('keeps 50 keys of 50 concurrent requests, and counts 50 concurrent increments (R-01)', async () => {
    const id = browserIdOf(await app.http.get('/incr?key=n')) as string;
    const sets = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.http.get(`/set?key=k${i}&value=${i}`).set('Cookie', cookie(id)),
      ),
    );
    const incrs = await Promise.all(
      Array.from({ length: 50 }, () => app.http.get('/incr?key=n').set('Cookie', cookie(id))),
    );
    expect([...sets, ...incrs].every((res) => res.status === 200)).toBe(true);
    const peek = await app.http.get('/peek').set('Cookie', cookie(id));
    expect((peek.body as { keys: string[] }).keys.filter((k) => k.startsWith('k'))).toHaveLength(
      50,
    );
    expect((await app.http.get('/get?key=n').set('Cookie', cookie(id))).body).toEqual({
      value: 51,
    });
  });

  it('expires sessions after the timeout, within (T, T+P]', async () => {
    const id = browserIdOf(await app.http.get('/set?key=a&value=1')) as string;
    clock.at(20 * 60);
    expect((await app.http.get('/peek').set('Cookie', cookie(id))).body.exists).toBe(true);
    clock.at(40 * 60 + 20.5);
    expect((await app.http.get('/peek').set('Cookie', cookie(id))).body.exists).toBe(false);
  });
});

describe('sessions() with an absolute timeout (S-15)', () => {
  it('S-15: gives the browser a fresh session and id at creation + absolute timeout, however active', async () => {
    const clock = new FakeClock();
    const ended: unknown[] = [];
    const app = await plainApp({
      clock: clock.now,
      timeoutMinutes: 20,
      absoluteTimeoutMinutes: 5,
      delNotification: (session) => ended.push(session),
    });
    try {
      clock.at(0);
      const first = await app.http.get('/incr?key=n').expect(200);
      const id = browserIdOf(first) as string;
      for (let t = 60; t < 300; t += 60) {
        clock.at(t); // in use every minute: the idle timeout never comes near
        const used = await app.http.get('/incr?key=n').set('Cookie', cookie(id)).expect(200);
        expect(setCookies(used)).toEqual([]);
      }
      clock.at(299.999);
      expect((await app.http.get('/get?key=n').set('Cookie', cookie(id))).body).toEqual({
        value: 5,
      });
      clock.at(300);
      const peek = await app.http.get('/peek').set('Cookie', cookie(id));
      expect(peek.body).toEqual({ exists: false, keys: [] });
      const fresh = await app.http.get('/incr?key=n').set('Cookie', cookie(id)).expect(200);
      expect(fresh.body).toEqual({ count: 1 });
      const newId = browserIdOf(fresh);
      expect(newId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(newId).not.toBe(id);
      expect(ended).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('S-15: refuses a bad absolute timeout at once, naming it', () => {
    expect(() => sessions({ absoluteTimeoutMinutes: -1 })).toThrow(
      'absoluteTimeoutMinutes cannot be negative (-1)',
    );
    expect(() => sessions({ absoluteTimeoutMinutes: 2.5 })).toThrow(
      'absoluteTimeoutMinutes must be an integer, not 2.5',
    );
  });
});

describe('sessions() with auto URL encoding', () => {
  it('carries the id in origin-relative redirects, never creating one for it (S-24)', async () => {
    const app = await plainApp({ namespaces: ['url'], autoUrlEncoding: true });
    try {
      const plain = await app.http.get('/peek').expect(200);
      expect(setCookies(plain)).toEqual([]);
      const moved = await app.http.get('/redirect').redirects(0).expect(302);
      const match = /^\/_ZopeId\/([A-Za-z0-9_-]{43})\/get\?key=seen$/.exec(
        moved.headers.location as string,
      );
      expect(match).not.toBeNull();
      const id = (match as RegExpExecArray)[1] as string;
      const again = await app.http.get(`/_ZopeId/${id}/redirect`).redirects(0).expect(302);
      expect(again.headers.location).toBe(`/_ZopeId/${id}/get?key=seen`);
      const seen = await app.http.get(`/_ZopeId/${id}/get?key=seen`).expect(200);
      expect(seen.body).toEqual({ value: true });
    } finally {
      await app.close();
    }
  });
});

describe('sessions() options', () => {
  it('refuses bad options at once', () => {
    expect(() => sessions({ name: 'bad name' })).toThrow(BrowserIdManagerError);
    expect(() => sessions({ timeoutMinutes: 1, periodSeconds: 7 })).toThrow('evenly divisible');
    expect(() => sessions({ retries: -1 })).toThrow('retries must be an integer >= 0');
  });

  it('answers 503 with Retry-After when full (R-06)', async () => {
    const app = await plainApp({ limit: 1 });
    try {
      await app.http.get('/set?key=a&value=1').expect(200);
      const full = await app.http.get('/set?key=a&value=2').expect(503);
      expect(Number(full.headers['retry-after'])).toBeGreaterThan(0);
      expect(setCookies(full)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('sweeps expired sessions with its timer and fires the delete notification (R-07)', async () => {
    const clock = new FakeClock();
    let ended: (key: string) => void = () => undefined;
    const swept = new Promise<string>((resolve) => (ended = resolve));
    const app = await plainApp({
      clock: clock.now,
      timeoutMinutes: 1,
      housekeepingIntervalMs: 5,
      storage: new MemoryStorage(),
      delNotification: (item) => ended((item as { getContainerKey(): string }).getContainerKey()),
    });
    try {
      const id = browserIdOf(await app.http.get('/set?key=a&value=1')) as string;
      clock.advance(2 * 60);
      expect(await swept).toBe(id); // no request needed
    } finally {
      await app.close();
    }
  });

  /**
   * A MemoryStorage whose next `conflicts` votes fail with a ConflictError (a connection votes
   * twice before it gives up: two failures make one conflicting commit).
   */
  function conflictingStorage(): { storage: Storage; conflicts: { count: number } } {
    const inner = new MemoryStorage();
    const conflicts = { count: 0 };
    const storage = new Proxy(inner, {
      get(target, name) {
        if (name === 'tpcVote') {
          return async (txn: StorageTransaction) => {
            if (conflicts.count > 0) {
              conflicts.count -= 1;
              throw new ConflictError('a concurrent change (test)');
            }
            return target.tpcVote(txn);
          };
        }
        const value: unknown = Reflect.get(target, name, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
    return { storage, conflicts };
  }

  it('replays a commit that conflicts on fresh data, keeping the request’s session', async () => {
    const { storage, conflicts } = conflictingStorage();
    const app = await plainApp({ storage });
    try {
      const id = browserIdOf(await app.http.get('/set?key=a&value=1').expect(200)) as string;
      conflicts.count = 4; // two conflicting commits, two replays
      await app.http.get('/incr?key=n').set('Cookie', cookie(id)).expect(200);
      expect(conflicts.count).toBe(0);
      const peek = await app.http.get('/peek').set('Cookie', cookie(id)).expect(200);
      expect(peek.body).toEqual({ exists: true, keys: ['a', 'n'] });
      conflicts.count = 2;
      const created = await app.http.get('/set?key=b&value=2').expect(200);
      const other = browserIdOf(created) as string;
      expect((await app.http.get('/get?key=b').set('Cookie', cookie(other))).body).toEqual({
        value: '2',
      });
    } finally {
      await app.close();
    }
  });

  it('answers 409 when the commit still conflicts after its retries', async () => {
    const { storage, conflicts } = conflictingStorage();
    const app = await plainApp({ storage, retries: 1 });
    try {
      const id = browserIdOf(await app.http.get('/set?key=a&value=1').expect(200)) as string;
      conflicts.count = 4;
      const res = await app.http.get('/set?key=b&value=2').set('Cookie', cookie(id)).expect(409);
      expect(setCookies(res)).toEqual([]);
      expect((await app.http.get('/peek').set('Cookie', cookie(id))).body.keys).toEqual(['a']);
    } finally {
      await app.close();
    }
  });

  it('exposes its browser id manager', async () => {
    const middleware = sessions({ cookieSameSite: 'Strict' });
    expect(middleware.browserIdManager.getCookieSameSite()).toBe('Strict');
    await middleware.close();
  });
});
