// @ts-check
'use strict';
const { BadRequestError } = require('@zoa/core');

/**
 * The shopping cart, kept in the session as `{ itemId: quantity }` — plain JSON, re-assigned on
 * every change (session data is stored when it is set, as in Zope).
 *
 * @typedef {Record<string, number>} CartLines
 */

const MAX_QUANTITY = 99;
const MAX_LINES = 50;

/**
 * The cart of a session (a copy: change it with the functions below).
 *
 * @param {import('@zoa/sessions').TransientObject | null} session
 * @returns {CartLines}
 */
function cartOf(session) {
  const stored = session?.get('cart');
  return stored && typeof stored === 'object' ? { .../** @type {CartLines} */ (stored) } : {};
}

/**
 * Adds `quantity` of an item (at most 99 of one item, 50 different items).
 *
 * @param {import('@zoa/sessions').TransientObject} session
 * @param {string} itemId
 * @param {number} quantity
 */
function addToCart(session, itemId, quantity) {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    throw new BadRequestError(`The quantity must be a whole number from 1 to ${MAX_QUANTITY}.`);
  }
  const cart = cartOf(session);
  if (!(itemId in cart) && Object.keys(cart).length >= MAX_LINES) {
    throw new BadRequestError(`A cart holds at most ${MAX_LINES} different items.`);
  }
  cart[itemId] = Math.min(MAX_QUANTITY, (cart[itemId] ?? 0) + quantity);
  session.set('cart', cart);
}

/**
 * Removes an item from the cart.
 *
 * @param {import('@zoa/sessions').TransientObject} session
 * @param {string} itemId
 */
function removeFromCart(session, itemId) {
  const cart = cartOf(session);
  delete cart[itemId];
  session.set('cart', cart);
}

/**
 * Empties the cart (checkout) and returns what it held.
 *
 * @param {import('@zoa/sessions').TransientObject} session
 * @returns {CartLines}
 */
function clearCart(session) {
  const cart = cartOf(session);
  if (session.has('cart')) session.delete('cart');
  return cart;
}

module.exports = { cartOf, addToCart, removeFromCart, clearCart, MAX_QUANTITY };
