import type { ObjectManager } from '@zoa/core';
import { classRegistry, Item, ReservedObjectError } from '@zoa/core';
import {
  newBrowserId,
  SessionDataManager,
  SessionDataManagerError,
  TransientObject,
  TransientObjectContainer,
} from '@zoa/sessions';
import { cookieValue, koaContext, setCookieLines } from '../fixtures/koa-context';
import type { SessionSite } from '../fixtures/session-site';
import { createSessionSite } from '../fixtures/session-site';

/** A tree object whose method is a notification target. */
class Notifier extends Item {
  static calls: string[] = [];
  ended(item: unknown): void {
    Notifier.calls.push(`ended ${(item as TransientObject).get('name') as string}`);
  }
}
classRegistry.register('test.Notifier', Notifier);

describe('SessionDataManager', () => {
  let site: SessionSite;
  beforeEach(async () => {
    site = await createSessionSite();
  });
  afterEach(() => site.close());

  describe('settings', () => {
    it('has Zope’s defaults', () => {
      const sdm = new SessionDataManager();
      expect(sdm.getId()).toBe('session_data_manager');
      expect(sdm.metaType).toBe('Session Data Manager');
      expect(sdm.getContainerPath()).toBe('/temp_folder/session_data');
      expect(sdm.getRequestName()).toBe('SESSION');
      expect(sdm.getContainerDefaults()).toEqual({
        timeoutMinutes: 20,
        periodSeconds: 20,
        absoluteTimeoutMinutes: 0,
        limit: 0,
        addNotificationPath: '',
        delNotificationPath: '',
      });
    });

    it.each<[string, (sdm: SessionDataManager) => void, string]>([
      [
        'a path with <',
        (s) => s.setContainerPath('/temp_folder/<x>'),
        'Container path contains characters invalid in a Zope object path',
      ],
      [
        'a path with a quote',
        (s) => s.setContainerPath("/a'b"),
        'Container path contains characters invalid',
      ],
      ['an empty path', (s) => s.setContainerPath(''), 'Container path is empty'],
      ['a request name with a dot', (s) => s.setRequestName('a.b'), 'Bad request name "a.b"'],
      [
        'the request name __proto__',
        (s) => s.setRequestName('__proto__'),
        'Bad request name "__proto__"',
      ],
      [
        'a fractional timeout',
        (s) => s.setContainerDefaults({ timeoutMinutes: 1.5 }),
        'timeoutMinutes must be an integer',
      ],
      [
        'a resolution of 0',
        (s) => s.setContainerDefaults({ periodSeconds: 0 }),
        'resolution cannot be 0',
      ],
      [
        'a resolution above the timeout',
        (s) => s.setContainerDefaults({ timeoutMinutes: 1, periodSeconds: 120 }),
        'resolution cannot be greater than timeout minutes * 60',
      ],
      [
        'an uneven resolution',
        (s) => s.setContainerDefaults({ periodSeconds: 7 }),
        'must be evenly divisible by resolution',
      ],
      ['a negative limit', (s) => s.setContainerDefaults({ limit: -1 }), 'limit'],
      [
        'a negative absolute timeout (S-15)',
        (s) => s.setContainerDefaults({ absoluteTimeoutMinutes: -1 }),
        'absoluteTimeoutMinutes cannot be negative (-1)',
      ],
      [
        'a fractional absolute timeout (S-15)',
        (s) => s.setContainerDefaults({ absoluteTimeoutMinutes: 0.5 }),
        'absoluteTimeoutMinutes must be an integer',
      ],
      [
        'a bad notification path',
        (s) => s.setContainerDefaults({ delNotificationPath: '/a?b' }),
        'Delete notification path contains characters invalid',
      ],
    ])('refuses %s with SessionDataManagerError', (_what, change, message) => {
      const sdm = new SessionDataManager();
      expect(() => change(sdm)).toThrow(SessionDataManagerError);
      expect(() => change(sdm)).toThrow(message);
    });

    it('accepts good values', () => {
      const sdm = new SessionDataManager('sdm', {
        title: 'Sessions',
        containerPath: '/shop/carts',
        requestName: 'CART',
        containerDefaults: { timeoutMinutes: 60, limit: 500 },
      });
      expect(sdm.getContainerPath()).toBe('/shop/carts');
      expect(sdm.getRequestName()).toBe('CART');
      expect(sdm.getContainerDefaults()).toMatchObject({
        timeoutMinutes: 60,
        periodSeconds: 20,
        limit: 500,
      });
    });
  });

  describe('getSessionData', () => {
    it('creates the container in /temp_folder from its defaults, protected, with the site clock', async () => {
      await site.app.withRoot(async (root) => {
        const sdm = (await root.get('session_data_manager')) as SessionDataManager;
        sdm.setContainerDefaults({ timeoutMinutes: 30, periodSeconds: 60, limit: 7 });
        const tempFolder = (await root.publishTraverse('temp_folder')) as ObjectManager;
        await tempFolder.delObject('session_data', { force: true }); // as after a restart
      });
      const { result: session, ctx } = await site.request((ctx, { sdm }) =>
        sdm.getSessionData(ctx),
      );
      expect(session).toBeInstanceOf(TransientObject);
      expect(session?.getCreated()).toBe(site.clock.ms);
      expect(cookieValue(setCookieLines(ctx))).toBe(session?.getContainerKey());
      await site.app.withRoot(async (root) => {
        const tempFolder = (await root.publishTraverse('temp_folder')) as ObjectManager;
        const container = (await tempFolder.get('session_data')) as TransientObjectContainer;
        expect(container).toBeInstanceOf(TransientObjectContainer);
        expect(container.getTimeoutMinutes()).toBe(30);
        expect(container.getPeriodSeconds()).toBe(60);
        expect(container.getSubobjectLimit()).toBe(7);
        await expect(tempFolder.delObject('session_data')).rejects.toBeInstanceOf(
          ReservedObjectError,
        );
      });
    });

    it('returns the same session for the rest of the request, and finds it again next time', async () => {
      const first = await site.request(async (ctx, { sdm }) => {
        const session = (await sdm.getSessionData(ctx)) as TransientObject;
        session.set('name', 'Ada');
        expect(await sdm.getSessionData(ctx)).toBe(session);
        return session.getContainerKey();
      });
      const id = first.result;
      const again = await site.request(
        async (ctx, { sdm }) => (await sdm.getSessionData(ctx))?.get('name'),
        { headers: { Cookie: `_ZopeId=${id}` } },
      );
      expect(again.result).toBe('Ada');
      expect(setCookieLines(again.ctx)).toEqual([]);
    });

    it('gives parallel calls of one request one session and one cookie', async () => {
      const { result, ctx } = await site.request(async (ctx, { sdm }) => {
        const [a, b, has] = await Promise.all([
          sdm.getSessionData(ctx),
          sdm.getSessionData(ctx),
          sdm.hasSessionData(ctx),
        ]);
        return { same: a === b, key: a?.getContainerKey(), has };
      });
      expect(result.same).toBe(true);
      expect(result.has).toBe(true);
      expect(setCookieLines(ctx)).toHaveLength(1);
      expect(cookieValue(setCookieLines(ctx))).toBe(result.key);
    });

    it('creates nothing without create, and hasSessionData tells (S-24)', async () => {
      const { result, ctx } = await site.request(async (ctx, { sdm }) => [
        await sdm.getSessionData(ctx, { create: false }),
        await sdm.hasSessionData(ctx),
      ]);
      expect(result).toEqual([null, false]);
      expect(setCookieLines(ctx)).toEqual([]);
      const { result: has } = await site.request(async (ctx, { sdm }) => {
        await sdm.getSessionData(ctx);
        return sdm.hasSessionData(ctx);
      });
      expect(has).toBe(true);
    });

    it('issues a new id for a well-formed id it does not know, storing nothing under it (S-08)', async () => {
      const planted = newBrowserId();
      const { result, ctx } = await site.request(
        async (ctx, { sdm }) => {
          const none = await sdm.getSessionData(ctx, { create: false });
          const session = (await sdm.getSessionData(ctx)) as TransientObject;
          return {
            none,
            key: session.getContainerKey(),
            byPlanted: await sdm.getSessionDataByKey(planted),
          };
        },
        { headers: { Cookie: `_ZopeId=${planted}` } },
      );
      expect(result.none).toBeNull();
      expect(result.key).not.toBe(planted);
      expect(result.byPlanted).toBeNull();
      expect(cookieValue(setCookieLines(ctx))).toBe(result.key);
    });

    it('adopts a well-formed unknown id when strict mode is off (Zope’s behaviour)', async () => {
      await site.app.withRoot(async (root) => {
        const bim = await root.get('browser_id_manager');
        (bim as unknown as { setStrict(flag: boolean): void }).setStrict(false);
      });
      const planted = newBrowserId();
      const { result } = await site.request(
        async (ctx, { sdm }) => (await sdm.getSessionData(ctx))?.getContainerKey(),
        { headers: { Cookie: `_ZopeId=${planted}` } },
      );
      expect(result).toBe(planted);
    });

    it('starts a new session with a new id after the request invalidated its session (S-18)', async () => {
      const { result } = await site.request(async (ctx, { sdm }) => {
        const old = (await sdm.getSessionData(ctx)) as TransientObject;
        old.set('name', 'old');
        await old.invalidate();
        const fresh = (await sdm.getSessionData(ctx)) as TransientObject;
        return { old: old.getContainerKey(), fresh: fresh.getContainerKey(), keys: fresh.keys() };
      });
      expect(result.fresh).not.toBe(result.old);
      expect(result.keys).toEqual([]);
    });

    it('answers null and logs, at most once a minute, when there is no temporary folder', async () => {
      const bare = await createSessionSite({ temporary: false });
      try {
        const warn =
          'Sessions are unavailable: there is no temporary folder at /temp_folder. ' +
          'Configure the temporary database and create its mount point once ("zoa mount /temp_folder").';
        expect(bare.logs.filter((e) => e.msg === warn)).toHaveLength(1); // at startup
        bare.clock.advance(61);
        const { result } = await bare.request((ctx, { sdm }) => sdm.getSessionData(ctx));
        expect(result).toBeNull();
        await bare.request((ctx, { sdm }) => sdm.getSessionData(ctx));
        expect(bare.logs.filter((e) => e.msg === warn)).toHaveLength(2);
      } finally {
        await bare.close();
      }
    });

    it('logs Zope’s message for a missing external container and yields no session', async () => {
      await site.app.withRoot(async (root) => {
        ((await root.get('session_data_manager')) as SessionDataManager).setContainerPath(
          '/nowhere',
        );
      });
      site.clock.advance(3600);
      const { result, ctx } = await site.request((ctx, { sdm }) => sdm.getSessionData(ctx));
      expect(result).toBeNull();
      expect(setCookieLines(ctx)).toEqual([]);
      expect(site.logs.map((e) => e.msg)).toContain(
        "External session data container '/nowhere' not found.",
      );
    });

    it('uses an external container at its path, with the site clock', async () => {
      await site.app.withRoot(async (root) => {
        await root.setObject('carts', new TransientObjectContainer('carts', { timeoutMinutes: 1 }));
        ((await root.get('session_data_manager')) as SessionDataManager).setContainerPath('/carts');
      });
      const { result } = await site.request(async (ctx, { sdm }) => {
        const session = await sdm.getSessionData(ctx);
        return (await sdm.findContainer())?.getId() === 'carts' && session !== null;
      });
      expect(result).toBe(true);
    });

    it('is for views only: a context without the publisher’s transaction is refused', async () => {
      await site.app.withRoot(async (root) => {
        const sdm = (await root.get('session_data_manager')) as SessionDataManager;
        await expect(sdm.getSessionData(koaContext())).rejects.toThrow(
          'Session data is available while the publisher handles a request (in views)',
        );
      });
    });
  });

  describe('getBrowserIdManager', () => {
    it('finds /browser_id_manager, and says so when it is missing', async () => {
      await site.app.withRoot(async (root) => {
        const sdm = (await root.get('session_data_manager')) as SessionDataManager;
        expect((await sdm.getBrowserIdManager()).getId()).toBe('browser_id_manager');
        await root.delObject('browser_id_manager', { force: true });
        await expect(sdm.getBrowserIdManager()).rejects.toThrow(
          new SessionDataManagerError(
            'No browser id manager named browser_id_manager could be found.',
          ),
        );
      });
    });
  });

  describe('getSessionDataByKey / clearSessionData', () => {
    it('finds any session by key and ends them all, firing the delete notification', async () => {
      await site.app.withRoot(async (root) => {
        await root.setObject('notifier', new Notifier('notifier'));
        const sdm = (await root.get('session_data_manager')) as SessionDataManager;
        const container = (await sdm.findContainer()) as TransientObjectContainer;
        container.setDelNotificationTarget('/notifier/ended');
      });
      Notifier.calls = [];
      const keys: string[] = [];
      for (const name of ['a', 'b']) {
        const { result } = await site.request(async (ctx, { sdm }) => {
          const session = (await sdm.getSessionData(ctx)) as TransientObject;
          session.set('name', name);
          return session.getContainerKey();
        });
        keys.push(result);
      }
      const { result } = await site.request(async (ctx, { sdm }) => {
        const found = await sdm.getSessionDataByKey(keys[0] as string);
        const missing = await sdm.getSessionDataByKey(newBrowserId());
        const cleared = await sdm.clearSessionData(ctx);
        return {
          name: found?.get('name'),
          missing,
          cleared,
          after: await sdm.getSessionDataByKey(keys[1] as string),
        };
      });
      expect(result).toEqual({ name: 'a', missing: null, cleared: 2, after: null });
      expect(Notifier.calls.sort()).toEqual(['ended a', 'ended b']);
    });
  });
});
