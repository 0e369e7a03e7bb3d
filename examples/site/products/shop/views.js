// @ts-check
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { Application, NotFoundError, registerView, templateFolder } = require('@zoa/core');
const { BROWSER_ID_MANAGER_ID } = require('@zoa/sessions');
const { Catalogue, CatalogueItem } = require('./catalogue');
const { addToCart, cartOf, clearCart, removeFromCart } = require('./cart');

/** @typedef {import('@zoa/core').PublisherContext} Ctx */

const templates = templateFolder(path.join(__dirname, 'templates'), {
  /** @param {number} n */
  euros: (n) => `€${n.toFixed(2)}`,
  /** @param {number} ms */
  time: (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19),
});
const css = fs.readFileSync(path.join(__dirname, 'static', 'site.css'));

/**
 * The catalogue of the site (at /catalogue), activated.
 *
 * @param {Ctx} ctx
 * @returns {Promise<Catalogue>}
 */
async function catalogueOf(ctx) {
  const root = /** @type {import('@zoa/core').Application} */ (ctx.zoa.root);
  const catalogue = await root.get('catalogue');
  if (!(catalogue instanceof Catalogue)) throw new NotFoundError('The shop has no catalogue.');
  return catalogue;
}

/**
 * The cart's lines with their items, for templates.
 *
 * @param {Ctx} ctx
 */
async function cartView(ctx) {
  const session = await ctx.session({ create: false });
  const catalogue = await catalogueOf(ctx);
  const lines = [];
  for (const [id, quantity] of Object.entries(cartOf(session))) {
    const item = await catalogue.get(id);
    if (item instanceof CatalogueItem) lines.push({ item, quantity, total: item.price * quantity });
  }
  return { lines, total: lines.reduce((sum, line) => sum + line.total, 0) };
}

/**
 * Back to the cart page after a POST (Post/Redirect/Get).
 *
 * @param {Ctx} ctx
 * @param {string} message
 */
function backToCart(ctx, message) {
  ctx.status = 303;
  ctx.redirect(`/cart?message=${encodeURIComponent(message)}`);
}

/** Registers the shop's public views. */
function registerShopViews() {
  registerView(Catalogue, {
    name: 'index_html',
    permission: 'View',
    handler: async (ctx, catalogue) =>
      templates.render('catalogue.njk', { catalogue, items: await catalogue.items() }),
  });

  registerView(CatalogueItem, {
    name: 'index_html',
    permission: 'View',
    handler: (ctx, item) => templates.render('item.njk', { item }),
  });

  registerView(Application, {
    name: 'cart',
    permission: 'View',
    handler: async (ctx) =>
      templates.render('cart.njk', {
        ...(await cartView(ctx)),
        message: ctx.zoa.query.getString('message'),
      }),
  });

  // #region cart-add
  registerView(Application, {
    name: 'cart_add',
    methods: ['POST'],
    permission: 'View',
    handler: async (ctx) => {
      const id = ctx.zoa.form.requireString('item');
      const quantity = Number(ctx.zoa.form.getString('quantity') ?? '1');
      const item = await (await catalogueOf(ctx)).get(id);
      if (!(item instanceof CatalogueItem)) throw new NotFoundError('There is no such item.');
      addToCart(await ctx.session(), id, quantity);
      backToCart(ctx, `Added ${item.title} to your cart.`);
    },
  });
  // #endregion cart-add

  registerView(Application, {
    name: 'cart_remove',
    methods: ['POST'],
    permission: 'View',
    handler: async (ctx) => {
      const session = await ctx.session({ create: false });
      if (session) removeFromCart(session, ctx.zoa.form.requireString('item'));
      backToCart(ctx, 'Removed from your cart.');
    },
  });

  registerView(Application, {
    name: 'checkout',
    methods: ['POST'],
    permission: 'View',
    handler: async (ctx) => {
      const { lines, total } = await cartView(ctx);
      const session = await ctx.session({ create: false });
      if (session) clearCart(session);
      return templates.render('checkout.njk', { lines, total });
    },
  });

  registerView(Application, {
    name: 'session_info',
    permission: 'View',
    handler: async (ctx) => {
      const root = /** @type {import('@zoa/core').Application} */ (ctx.zoa.root);
      const bim = /** @type {import('@zoa/sessions').BrowserIdManager | undefined} */ (
        await root.get(BROWSER_ID_MANAGER_ID)
      );
      const session = await ctx.session();
      return templates.render('session.njk', {
        isNew: bim ? bim.isBrowserIdNew(ctx) : true,
        created: session.getCreated(),
        lastAccessed: session.getLastAccessed(),
        keys: session.keys(),
      });
    },
  });

  registerView(Application, {
    name: 'site.css',
    permission: 'View',
    handler: (ctx) => {
      ctx.type = 'text/css; charset=utf-8';
      ctx.set('Cache-Control', 'public, max-age=3600');
      return css;
    },
  });
}

module.exports = { registerShopViews };
