import type { Persistent } from '../persistence/persistent';
import { Item } from './item';

/**
 * Stands in, in listings and lookups, for a child that is not a tree object — typically a
 * `Broken` record whose class is no longer registered (a product was removed). It is made on the
 * fly and never stored; the container keeps the original record untouched, and the child can
 * still be deleted by id.
 */
export class BrokenItem extends Item {
  static override readonly metaType: string = 'Broken Because Product is Gone';
  static override readonly icon: string = 'broken.svg';

  /** The stored object this placeholder stands for. */
  declare readonly original: Persistent;

  constructor(id: string, original: Persistent) {
    super(id, `Broken object: ${original.describe()}`);
    Object.defineProperty(this, 'original', { value: original, enumerable: false });
  }
}
