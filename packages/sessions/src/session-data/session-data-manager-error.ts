import { ZoaError } from '@zoa/core';

/**
 * Misuse of the session data manager (Zope's `SessionDataManagerErr`): a bad setting (400), or a
 * missing browser id manager (500). Messages never contain a browser id (S-23).
 *
 * @example
 * ```ts
 * sdm.setContainerPath('/temp_folder/<x>'); // throws SessionDataManagerError (invalid characters)
 * ```
 */
export class SessionDataManagerError extends ZoaError {
  constructor(message: string, options: { status?: number } = {}) {
    super(message, { status: options.status ?? 400 });
  }
}
