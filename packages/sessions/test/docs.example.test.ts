// The snippets of docs/sessions.md live here, between `#region` markers, and run as tests.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import request from 'supertest';
import { classRegistry, Item, registerView } from '@zoa/core';
import type { ObjectManager, PublisherContext, PublisherLogger } from '@zoa/core';
import { createMountPoints, createWebApp, loadConfig, Site } from '@zoa/core/config';
import { Application } from '@zoa/core/tree';
import type { BrowserIdManager, SessionDataManager, TransientObject } from '@zoa/sessions';
import { rotateBrowserId, sessions } from '@zoa/sessions';
import { browserIdOf } from './fixtures/http-site';

const configText = `
# #region config
products: ['@zoa/temporary-folder', '@zoa/sessions']
databases:
  main:
    storage: { type: sqlite, path: var/Data.sqlite }
    mountPoint: /
  temporary:
    name: Temporary database (for sessions)
    storage: { type: temporary }
    mountPoint: /temp_folder
    containerClass: TemporaryContainer
settings:
  sessions:
    timeoutMinutes: 30 # Zope 2's session-timeout-minutes (default 20)
    resolutionSeconds: 20 # session-resolution-seconds (default 20)
    maximumNumberOfSessionObjects: 10000 # 0 = unlimited (the default); full: 503
    absoluteTimeoutMinutes: 480 # a session ends 8 hours after it began, however busy (0 = off)
    delNotificationPath: /shop/sessionEnded # a method called when a session ends
# #endregion config
`;

// #region view
registerView(Application, {
  name: 'add_to_cart',
  methods: ['POST'],
  permission: 'View',
  handler: async (ctx) => {
    const session = await ctx.session(); // loaded (or started) now, saved with the request
    const cart = (session.get('cart') as string[] | null) ?? [];
    session.set('cart', [...cart, ctx.zoa.form.requireString('item')]); // set again to store
    return { items: cart.length + 1 };
  },
});
// #endregion view

// #region peek
registerView(Application, {
  name: 'cart_size',
  permission: 'View',
  handler: async (ctx) => {
    const session = await ctx.session({ create: false }); // null for a visitor without one
    return { items: ((session?.get('cart') as string[] | null) ?? []).length };
  },
});
// #endregion peek

// #region invalidate
registerView(Application, {
  name: 'empty_cart',
  methods: ['POST'],
  permission: 'View',
  handler: async (ctx) => {
    await (await ctx.session()).invalidate(); // data deleted; the response expires the cookie
    const fresh = await ctx.session(); // a new session, under a new browser id
    fresh.set('emptied', true);
    return { emptied: true };
  },
});
// #endregion invalidate

// #region rotate
registerView(Application, {
  name: 'app_login',
  methods: ['POST'],
  permission: 'View',
  handler: async (ctx) => {
    // ... check the visitor's credentials, then:
    await rotateBrowserId(ctx); // new id, same data; the old id is dead (S-11)
    return { loggedIn: true };
  },
});
// #endregion rotate

// #region notification
class Shop extends Item {
  static override readonly metaType = 'Shop';

  /** Called with the session and its container when a session expires or is invalidated. */
  sessionEnded(session: TransientObject): void {
    const cart = (session.get('cart') as string[] | null) ?? [];
    if (cart.length > 0) releaseReservations(cart);
  }
}
classRegistry.register('docs.Shop', Shop);
// #endregion notification

const released: string[][] = [];
function releaseReservations(cart: string[]): void {
  released.push(cart);
}

const quiet: PublisherLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

describe('docs/sessions.md', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-sessions-doc-'));
  const configFile = path.join(dir, 'zoa.config.yaml');
  fs.writeFileSync(configFile, configText);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('configures sessions, uses ctx.session in views, and ends sessions', async () => {
    const first = await Site.open(loadConfig(configFile), { logger: quiet });
    await first.run((txn) => createMountPoints(first, txn, ['/temp_folder']));
    await first.run(async (txn) => {
      await (await first.root(txn)).setObject('shop', new Shop('shop'));
    });
    await first.close();
    const site = await Site.open(loadConfig(configFile), { logger: quiet });
    try {
      // #region settings
      await site.run(async (txn) => {
        const root = await site.root(txn);
        const bim = (await root.get('browser_id_manager')) as BrowserIdManager;
        bim.setCookieSameSite('Strict'); // every setter checks its value
        const sdm = (await root.get('session_data_manager')) as SessionDataManager;
        sdm.getContainerPath(); // '/temp_folder/session_data'
      });
      // #endregion settings
      const server = http.createServer(createWebApp(site).callback());
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const agent = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
        const added = await agent
          .post('/add_to_cart')
          .type('form')
          .send({ item: 'book' })
          .expect(200);
        const id = browserIdOf(added) as string;
        expect(added.headers['set-cookie']?.[0]).toContain('SameSite=Strict');
        const cookie = `_ZopeId=${id}`;
        await agent.post('/add_to_cart').set('Cookie', cookie).type('form').send({ item: 'pen' });
        expect((await agent.get('/cart_size').set('Cookie', cookie)).body).toEqual({ items: 2 });
        expect((await agent.get('/cart_size')).body).toEqual({ items: 0 });
        const login = await agent.post('/app_login').set('Cookie', cookie).expect(200);
        const rotated = `_ZopeId=${browserIdOf(login) as string}`;
        expect((await agent.get('/cart_size').set('Cookie', rotated)).body).toEqual({ items: 2 });
        expect((await agent.get('/cart_size').set('Cookie', cookie)).body).toEqual({ items: 0 });
        const emptied = await agent.post('/empty_cart').set('Cookie', rotated).expect(200);
        expect(browserIdOf(emptied)).toHaveLength(43);
        expect(released).toEqual([['book', 'pen']]);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await site.run(async (txn) => {
        const temp = (await (await site.root(txn)).publishTraverse('temp_folder')) as ObjectManager;
        expect(await temp.objectIds()).toEqual(['session_data']);
      });
    } finally {
      await site.close();
    }
  });

  it('works in a plain Koa app', async () => {
    // #region standalone
    const app = new Koa();
    const sessionMiddleware = sessions({ timeoutMinutes: 30 }); // RAM, like /temp_folder
    app.use(sessionMiddleware);
    app.use(async (ctx) => {
      const session = await ctx.session();
      const views = ((session.get('views') as number | null) ?? 0) + 1;
      session.set('views', views);
      ctx.body = { views };
    });
    // ... and on shutdown: await sessionMiddleware.close();
    // #endregion standalone
    const server = http.createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const agent = request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      const first = await agent.get('/').expect(200);
      const cookie = `_ZopeId=${browserIdOf(first) as string}`;
      expect((await agent.get('/').set('Cookie', cookie)).body).toEqual({ views: 2 });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sessionMiddleware.close();
    }
  });

  it('types ctx.session in views', () => {
    // #region types
    async function visits(ctx: PublisherContext): Promise<number> {
      const session = await ctx.session(); // a TransientObject: get, set, invalidate, ...
      return (session.get('visits') as number | null) ?? 0;
    }
    // #endregion types
    expect(typeof visits).toBe('function');
  });
});
