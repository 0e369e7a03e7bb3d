import { ZoaError } from '../errors';

/** A value cannot be stored (a function, a symbol, an unregistered class instance, a cycle). */
export class CannotStoreError extends ZoaError {
  constructor(message: string) {
    super(message, { status: 500, expose: false });
  }
}

/**
 * A loaded object was changed without {@link Persistent.markChanged}: its change would be lost.
 * Raised at commit when the database runs dev checks.
 */
export class UnmarkedMutationError extends ZoaError {
  constructor(message: string) {
    super(message, { status: 500, expose: false });
  }
}
