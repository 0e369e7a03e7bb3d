import { BadRequestError, ZoaError } from '../errors';

/**
 * A before-delete hook or a `will-remove` listener vetoes a delete (Zope's
 * `BeforeDeleteException`): throwing it aborts the whole operation before anything is removed.
 *
 * @example
 * ```ts
 * class Invoice extends Item {
 *   override manageBeforeDelete(): void {
 *     throw new BeforeDeleteError('Booked invoices cannot be deleted');
 *   }
 * }
 * ```
 */
export class BeforeDeleteError extends ZoaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, status: 409, expose: true });
  }
}

/** An object is reserved (such as `/temp_folder`) and cannot be deleted, cut or renamed. */
export class ReservedObjectError extends BadRequestError {}

/** A copy, cut or paste cannot be done (Zope's `CopyError`): nothing was changed. */
export class CopyError extends BadRequestError {}
