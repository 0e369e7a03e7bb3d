// invalidateChanged is internal (a connection's start of a unit of work): same module graph as the source.
import type { Snapshot, Storage } from '../../src/persistence/interfaces';
import { invalidateChanged } from '../../src/persistence/invalidate-changed';
import { ObjectCache } from '../../src/persistence/object-cache';
import { metaOf, Persistent } from '../../src/persistence/persistent';

class Thing extends Persistent {
  value = 1;
}

/** A cache holding loaded objects of oids 1, 2 and 3. */
function cacheOf123(): { cache: ObjectCache; things: Thing[] } {
  const cache = new ObjectCache();
  const things = [1, 2, 3].map((oid) => {
    const thing = new Thing();
    Object.assign(metaOf(thing), { oid, status: 'saved' });
    cache.remember(oid, thing);
    cache.keep(oid, thing);
    return thing;
  });
  return { cache, things };
}

/** A storage whose snapshot after our own commit names `later` as changed since. */
function storageAfterOwn(later: number[] | null): { storage: Storage; closed: number[] } {
  const closed: number[] = [];
  const snapshot: Snapshot = { tid: 9, changed: later };
  const storage = {
    openSnapshot: () => snapshot,
    closeSnapshot: (tid: number) => closed.push(tid),
  } as unknown as Storage;
  return { storage, closed };
}

const statuses = (things: Thing[]) => things.map((thing) => metaOf(thing).status);

describe('invalidateChanged', () => {
  it('turns every cached object into a ghost when the storage cannot tell what changed', () => {
    const { cache, things } = cacheOf123();
    void invalidateChanged(cache, storageAfterOwn([]).storage, null, new Set([1]), 5);
    expect(statuses(things)).toEqual(['ghost', 'ghost', 'ghost']);
  });

  it('keeps what our own last commit wrote and nobody wrote after', () => {
    const { cache, things } = cacheOf123();
    const { storage, closed } = storageAfterOwn([]);
    void invalidateChanged(cache, storage, [1, 2], new Set([1]), 5);
    expect(statuses(things)).toEqual(['saved', 'ghost', 'saved']);
    expect(closed).toEqual([9]); // the snapshot it opened to ask is closed again
  });

  it('invalidates our own write when another transaction wrote it after us', () => {
    const { cache, things } = cacheOf123();
    void invalidateChanged(cache, storageAfterOwn([1]).storage, [1, 2], new Set([1]), 5);
    expect(statuses(things)).toEqual(['ghost', 'ghost', 'saved']);
  });

  it('invalidates only what changed when our last commit wrote none of it', () => {
    const { cache, things } = cacheOf123();
    void invalidateChanged(cache, storageAfterOwn(null).storage, [3], new Set([1]), 5);
    expect(statuses(things)).toEqual(['saved', 'saved', 'ghost']);
  });
});
