import { Persistent } from './persistent';

/**
 * Stands in for a record whose class is not registered (a product was removed, say). It keeps
 * the record's class name and state untouched, so the database stays usable and saving it back
 * writes exactly what was read.
 */
export class Broken extends Persistent {
  /** The class name stored in the record. */
  declare readonly _v_brokenClassName: string;
  /** The state as stored (JSON text); undefined while a ghost. */
  declare readonly _v_brokenState: string | undefined;

  /** Creates a placeholder (a ghost until `restore()` gives it its state). */
  static of(className: string): Broken {
    const broken = Object.create(Broken.prototype) as Broken;
    Object.defineProperty(broken, '_v_brokenClassName', { value: className, configurable: true });
    return broken;
  }

  /** Keeps `state` as the raw stored state of this placeholder. @internal */
  restore(state: string): void {
    Object.defineProperty(this, '_v_brokenState', { value: state, configurable: true });
  }

  override describe(): string {
    return `Broken object of missing class "${this._v_brokenClassName}"`;
  }
}

/**
 * Stands in for a stored value of an unregistered value class (`{"$inst": name, ...}`): it keeps
 * the class name and the encoded state, so saving the object that holds it writes them back as
 * they were.
 */
export class BrokenValue {
  constructor(
    /** The registered class name stored with the value. */
    readonly className: string,
    /** The encoded state, as stored. */
    readonly encodedState: unknown,
  ) {
    Object.freeze(this);
  }
}
