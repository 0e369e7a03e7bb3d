// @ts-check
'use strict';
/**
 * The shop product of the example site: a catalogue of items (with ZMI add forms), a cart kept
 * in the session, a page of session facts, and the site's first content. The configuration
 * loads it with `products: [..., ./products/shop]`.
 */
const { Catalogue, CatalogueItem, checkPrice } = require('./catalogue');
const { ensureContent } = require('./content');
const { registerShopViews } = require('./views');

registerShopViews();

/** @type {import('@zoa/core').SiteProduct} */
const product = {
  name: 'shop',
  title: 'Example shop',
  types: [
    {
      metaType: Catalogue.metaType,
      class: Catalogue,
      addPermission: 'Add Folders',
      description: 'A folder of catalogue items, listed on its public page.',
      addFormFields: [{ name: 'title', label: 'Title', type: 'string', default: '' }],
      factory: (id, fields) => new Catalogue(id, String(fields.title ?? '')),
    },
    {
      metaType: CatalogueItem.metaType,
      class: CatalogueItem,
      addPermission: 'Add Catalogue Items',
      description: 'Something the shop sells.',
      addFormFields: [
        { name: 'title', label: 'Title', type: 'string', required: true },
        { name: 'price', label: 'Price (EUR)', type: 'float', default: 0 },
        { name: 'description', label: 'Description', type: 'text', default: '' },
      ],
      factory: (id, fields) =>
        new CatalogueItem(id, {
          title: String(fields.title ?? ''),
          price: checkPrice(fields.price),
          description: String(fields.description ?? ''),
        }),
    },
  ],
  startup: [ensureContent],
};

module.exports = { product };
