// @ts-check
'use strict';
const { MountPoint, Page } = require('@zoa/core');
const { Catalogue, CatalogueItem } = require('./catalogue');

const LAYOUT_HEAD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ context.title }}</title><link rel="stylesheet" href="/site.css"></head><body>
<header><a class="brand" href="/">Zoa Coffee</a><nav><a href="/catalogue/">Catalogue</a> <a href="/about">About</a> <a href="/cart">Cart</a> <a href="/session_info">Session</a></nav></header>
<main>`;
const LAYOUT_FOOT = `</main><footer>A Zoa example site. <a href="/manage_main">Manage</a></footer></body></html>`;

const HOME = `${LAYOUT_HEAD}
<h1>Welcome to {{ context.title }}</h1>
<p>This page is a <strong>Page</strong> object stored in the site's database at <code>/index_html</code>:
edit it in the <a href="/manage_main">ZMI</a>.</p>
<p>Browse the <a href="/catalogue/">catalogue</a> and fill your cart: the cart lives in your session,
in the temporary folder, and is gone when the server restarts.</p>
${LAYOUT_FOOT}`;

const ABOUT = `${LAYOUT_HEAD}
<h1>About</h1>
<p>Zoa publishes a tree of persistent objects: <code>/about</code> is this Page, <code>/catalogue/</code>
is a Catalogue folder whose items are objects of the shop product.</p>
${LAYOUT_FOOT}`;

const ITEMS = [
  {
    id: 'espresso',
    title: 'Espresso beans, 1 kg',
    price: 21.5,
    description: 'Dark, chocolatey, for the machine.',
  },
  {
    id: 'filter',
    title: 'Filter roast, 500 g',
    price: 12.9,
    description: 'Bright and fruity, for the pour-over.',
  },
  { id: 'grinder', title: 'Hand grinder', price: 64, description: 'Steel burrs, 40 settings.' },
];

/**
 * The shop's startup hook: on the first start it stores the example content (home page, about
 * page, catalogue) and the `/temp_folder` mount point — the once-only step of a new site, done
 * here so the example runs at once. It changes nothing that exists.
 *
 * @param {import('@zoa/core').StartupContext} context
 */
async function ensureContent({ root }) {
  if (!(await root.has('temp_folder'))) {
    await root.setObject(
      'temp_folder',
      new MountPoint('temp_folder', 'temporary', 'Temporary folder'),
    );
  }
  if (!(await root.has('index_html'))) {
    await root.setObject('index_html', new Page('index_html', HOME, { title: 'Home' }));
    root.setTitle('Zoa Coffee');
  }
  if (!(await root.has('about'))) {
    await root.setObject('about', new Page('about', ABOUT, { title: 'About Zoa Coffee' }));
  }
  if (!(await root.has('catalogue'))) {
    const catalogue = /** @type {Catalogue} */ (
      await root.setObject('catalogue', new Catalogue('catalogue', 'Catalogue'))
    );
    for (const { id, ...fields } of ITEMS)
      await catalogue.setObject(id, new CatalogueItem(id, fields));
  }
}

module.exports = { ensureContent };
