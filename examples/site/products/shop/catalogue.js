// @ts-check
'use strict';
const { BadRequestError, classRegistry, Folder, PropertyManager } = require('@zoa/core');

// #region item-class
/**
 * One thing the shop sells. A PropertyManager, so its title, price and description are typed
 * properties the ZMI's Properties tab edits.
 */
class CatalogueItem extends PropertyManager {
  static metaType = 'Catalogue Item';
  static icon = 'file.svg';
  /** @type {import('@zoa/core').PropertyDefinition[]} */
  static properties = [
    ...PropertyManager.properties,
    { id: 'price', type: 'float', mode: 'w', label: 'Price (EUR)' },
    { id: 'description', type: 'text', mode: 'w', label: 'Description' },
  ];

  /**
   * @param {string} id
   * @param {{ title?: string, price?: number, description?: string }} [fields]
   */
  constructor(id, fields = {}) {
    super(id, fields.title ?? '');
    this.price = checkPrice(fields.price ?? 0);
    this.description = fields.description ?? '';
  }
}
// #endregion item-class

/** A folder of catalogue items: its public page lists them with "Add to cart" buttons. */
class Catalogue extends Folder {
  static metaType = 'Catalogue';
  static icon = 'folder.svg';

  /** The items, in the folder's order. */
  async items() {
    return /** @type {CatalogueItem[]} */ (await this.objectValues(CatalogueItem.metaType));
  }
}

/**
 * A price must be a finite, non-negative number of euros.
 *
 * @param {unknown} price
 * @returns {number}
 */
function checkPrice(price) {
  if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) {
    throw new BadRequestError('The price must be a number of euros, 0 or more.');
  }
  return Math.round(price * 100) / 100;
}

// #region register
classRegistry.register('shop.CatalogueItem', CatalogueItem);
classRegistry.register('shop.Catalogue', Catalogue);
// #endregion register

module.exports = { Catalogue, CatalogueItem, checkPrice };
