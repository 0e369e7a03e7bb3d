import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { classRegistry, Folder, Item, loginHooks, ReservedObjectError } from '@zoa/core';
import type { ObjectManager, PublisherLogger } from '@zoa/core';
import { createMountPoints, Site, validateSiteConfig } from '@zoa/core/config';
import { product as temporaryFolder } from '@zoa/temporary-folder';
import type { TransientObject, SessionDataManager, TransientObjectContainer } from '@zoa/sessions';
import { BrowserIdManager, createProduct, subscribeLoginHooks } from '@zoa/sessions';
import { FakeClock } from '../transience/fixtures/fake-clock';
import { browserIdOf, createHttpSite } from '../fixtures/http-site';

const quiet: PublisherLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Called when a session ends (a delete notification target). */
class Notifier extends Item {
  static ended: ((key: string) => void) | undefined;
  ended(item: unknown): void {
    Notifier.ended?.((item as TransientObject).getContainerKey());
  }
}
classRegistry.register('test.product.Notifier', Notifier);

describe('createProduct', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-sessions-product-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const configWith = (
    sessions: Record<string, unknown> = {},
    extra: Record<string, unknown> = {},
  ) =>
    validateSiteConfig(
      {
        databases: {
          main: { storage: { type: 'sqlite', path: 'var/Data.sqlite' }, mountPoint: '/' },
          temporary: {
            storage: { type: 'temporary' },
            mountPoint: '/temp_folder',
            containerClass: 'TemporaryContainer',
          },
          ...extra,
        },
        settings: { sessions },
      },
      dir,
    );

  const open = (sessions: Record<string, unknown> = {}, logger: PublisherLogger = quiet) => {
    const config = configWith(sessions);
    return Site.open(config, {
      logger,
      products: [temporaryFolder, createProduct({ settings: config.settings.sessions, logger })],
    });
  };

  it('registers the three types with their add forms', async () => {
    const site = await open();
    try {
      const types = site.products.products().find((p) => p.name === 'sessions')?.metaTypes;
      expect(types).toEqual([
        'Transient Object Container',
        'Browser Id Manager',
        'Session Data Manager',
      ]);
      const toc = site.products.typeInfo('Transient Object Container');
      expect(toc?.addFormFields?.map((f) => [f.name, f.default])).toEqual([
        ['title', ''],
        ['timeoutMinutes', 20],
        ['periodSeconds', 20],
        ['absoluteTimeoutMinutes', 0],
        ['limit', 1000],
        ['addNotification', undefined],
        ['delNotification', undefined],
      ]);
      const made = (await site.products.createObject('Transient Object Container', 'carts', {
        timeoutMinutes: '60',
        periodSeconds: '30',
      })) as TransientObjectContainer;
      expect([made.getTimeoutMinutes(), made.getPeriodSeconds(), made.getSubobjectLimit()]).toEqual(
        [60, 30, 1000],
      );
      const bim = (await site.products.createObject('Browser Id Manager', 'browser_id_manager', {
        namespaces: 'cookies form',
        cookieSameSite: 'Strict',
      })) as BrowserIdManager;
      expect(bim.getBrowserIdNamespaces()).toEqual(['cookies', 'form']);
      expect(bim.getCookieSameSite()).toBe('Strict');
      expect(bim.getCookieHttpOnly()).toBe(true); // secure defaults without the fields
      expect(bim.isStrict()).toBe(true);
      const relaxed = (await site.products.createObject(
        'Browser Id Manager',
        'browser_id_manager',
        {
          cookieHttpOnly: 'off',
          strict: 'off',
        },
      )) as BrowserIdManager;
      expect([relaxed.getCookieHttpOnly(), relaxed.isStrict()]).toEqual([false, false]);
      await expect(
        site.products.createObject('Browser Id Manager', 'browser_id_manager', { name: 'a b' }),
      ).rejects.toThrow('Bad id name string "a b"');
      const sdm = (await site.products.createObject('Session Data Manager', 'sdm', {
        containerPath: '/carts',
      })) as SessionDataManager;
      expect([sdm.getContainerPath(), sdm.getRequestName()]).toEqual(['/carts', 'SESSION']);
    } finally {
      await site.close();
    }
  });

  it('ensures the managers and a fresh, protected /temp_folder/session_data on every start (S-15: with the configured absolute timeout)', async () => {
    const first = await open();
    await first.run((txn) => createMountPoints(first, txn, ['/temp_folder']));
    await first.close();
    const second = await open({
      timeoutMinutes: 30,
      maximumNumberOfSessionObjects: 5000,
      absoluteTimeoutMinutes: 480,
    });
    try {
      await second.run(async (txn) => {
        const root = await second.root(txn);
        expect(await root.get('browser_id_manager')).toBeInstanceOf(BrowserIdManager);
        const sdm = (await root.get('session_data_manager')) as SessionDataManager;
        expect(sdm.getContainerDefaults()).toMatchObject({
          timeoutMinutes: 30,
          limit: 5000,
          absoluteTimeoutMinutes: 480,
        });
        const temp = (await root.publishTraverse('temp_folder')) as ObjectManager;
        const container = (await temp.get('session_data')) as TransientObjectContainer;
        expect(container.getTimeoutMinutes()).toBe(30);
        expect(container.getSubobjectLimit()).toBe(5000);
        expect(container.getAbsoluteTimeoutMinutes()).toBe(480);
        await expect(temp.delObject('session_data')).rejects.toBeInstanceOf(ReservedObjectError);
        await expect(root.delObject('session_data_manager')).rejects.toBeInstanceOf(
          ReservedObjectError,
        );
        await expect(root.renameObject('browser_id_manager', 'bim')).rejects.toBeInstanceOf(
          ReservedObjectError,
        );
        sdm.setContainerDefaults({ limit: 7 }); // a ZMI change, stored
      });
    } finally {
      await second.close();
    }
    const third = await open();
    try {
      await third.run(async (txn) => {
        const root = await third.root(txn);
        const temp = (await root.publishTraverse('temp_folder')) as ObjectManager;
        const container = (await temp.get('session_data')) as TransientObjectContainer;
        expect([
          container.getTimeoutMinutes(),
          container.getSubobjectLimit(),
          container.getAbsoluteTimeoutMinutes(),
        ]).toEqual([30, 7, 480]);
        expect(await container.length).toBe(0);
      });
    } finally {
      await third.close();
    }
  });

  it('leaves an object of another type alone, logs it, and the site opens', async () => {
    const first = await open();
    await first.run(async (txn) => {
      const root = await first.root(txn);
      await root.delObject('session_data_manager', { force: true });
      await root.setObject('session_data_manager', new Folder('session_data_manager'));
    });
    await first.close();
    const warnings: string[] = [];
    const second = await open({}, { ...quiet, warn: (_obj, msg) => warnings.push(msg ?? '') });
    await second.close();
    expect(warnings).toContain(
      '/session_data_manager is a Folder, not a Session Data Manager: sessions are unavailable',
    );
  });

  it('refuses bad settings.sessions with a ConfigError', () => {
    expect(() => createProduct({ settings: { timeoutMinutes: -5 } })).toThrow(
      'Invalid configuration at "settings.sessions.timeoutMinutes": must be an integer >= 0',
    );
  });

  it('sweeps expired sessions without traffic, firing the delete notification (R-07)', async () => {
    jest.useFakeTimers({
      doNotFake: [
        'setTimeout',
        'clearTimeout',
        'setImmediate',
        'nextTick',
        'queueMicrotask',
        'Date',
        'performance',
        'hrtime',
      ],
    });
    const clock = new FakeClock();
    const site = await createHttpSite({
      clock: clock.now,
      sessions: {
        timeoutMinutes: 1,
        housekeepingIntervalSeconds: 5,
        delNotificationPath: '/notifier/ended',
      },
    });
    try {
      await site.site.run(async (txn) => {
        await (await site.site.root(txn)).setObject('notifier', new Notifier('notifier'));
        const temp = (await (
          await site.site.root(txn)
        ).publishTraverse('temp_folder')) as ObjectManager;
        await temp.delObject('session_data', { force: true }); // recreated with the new settings
      });
      const id = browserIdOf(
        await request(site.url).post('/session_set?key=a&value=1').expect(200),
      );
      const ended = new Promise<string>((resolve) => (Notifier.ended = resolve));
      clock.advance(2 * 60);
      await jest.advanceTimersByTimeAsync(5000);
      expect(await ended).toBe(id);
    } finally {
      Notifier.ended = undefined;
      await site.close();
      jest.useRealTimers();
    }
  });
});

describe('subscribeLoginHooks', () => {
  it('subscribes once however many sites use the product, and unsubscribes with the last', () => {
    const onLogin = jest.spyOn(loginHooks, 'onLogin');
    try {
      const first = subscribeLoginHooks();
      const second = subscribeLoginHooks();
      expect(onLogin).toHaveBeenCalledTimes(1);
      const unsubscribe = onLogin.mock.results[0]?.value as () => void;
      expect(typeof unsubscribe).toBe('function');
      first();
      first();
      second();
      const third = subscribeLoginHooks();
      expect(onLogin).toHaveBeenCalledTimes(2);
      third();
    } finally {
      onLogin.mockRestore();
    }
  });
});
