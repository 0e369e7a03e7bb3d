import { ZoaError } from '@zoa/core';

/**
 * Misuse of the browser id manager (Zope's `BrowserIdManagerErr`): a setting with a bad value
 * (400, the message names the value), or a call that needs something the request does not have,
 * such as "There is no current browser id." (500). Messages never contain a browser id (S-23).
 *
 * @example
 * ```ts
 * bim.setBrowserIdName('bad name'); // throws BrowserIdManagerError: Bad id name string "bad name"
 * ```
 */
export class BrowserIdManagerError extends ZoaError {
  constructor(message: string, options: { status?: number } = {}) {
    super(message, { status: options.status ?? 400 });
  }
}
