// ObjectCache is internal (a connection's identity map): same module graph as the source.
import { DETACHED_JAR } from '../../src/persistence/detached-jar';
import { ROOT_OID } from '../../src/persistence/interfaces';
import { LOADS_TO_CACHE, ObjectCache, PEEKS_TO_LOAD } from '../../src/persistence/object-cache';
import { metaOf, Persistent } from '../../src/persistence/persistent';

class Thing extends Persistent {
  value = 1;
}

/** A new ghost of `oid` (not cached yet), as a connection makes one. */
function ghostOf(oid: number): Thing {
  const thing = new Thing();
  const meta = metaOf(thing);
  meta.oid = oid;
  meta.status = 'ghost';
  return thing;
}

/** A loaded object of `oid`, cached and kept as a connection does after a load. */
function loaded(cache: ObjectCache, oid: number): Thing {
  const thing = new Thing();
  const meta = metaOf(thing);
  meta.oid = oid;
  meta.status = 'saved';
  cache.remember(oid, thing);
  cache.keep(oid, thing);
  return thing;
}

describe('ObjectCache', () => {
  it('finds the object of an oid, one per oid', () => {
    const cache = new ObjectCache();
    const thing = loaded(cache, 7);
    expect(cache.get(7)).toBe(thing);
    expect(cache.get(8)).toBeUndefined();
    const other = loaded(cache, 7);
    expect(cache.get(7)).toBe(other);
  });

  it('trims to a size, turning the least recently kept into ghosts and sparing the root', () => {
    const cache = new ObjectCache();
    const root = loaded(cache, ROOT_OID);
    const [a, b, c] = [1, 2, 3].map((oid) => loaded(cache, oid));
    cache.keep(1, a as Thing); // a is now the most recently used
    cache.trim(2);
    expect(metaOf(root).status).toBe('saved');
    expect([a, b, c].map((thing) => metaOf(thing as Thing).status)).toEqual([
      'saved',
      'ghost',
      'ghost',
    ]);
    expect((b as Thing).value).toBeUndefined(); // a ghost holds no state
    expect(cache.get(2)).toBe(b); // still the object of its oid while referenced
  });

  it('gives an object used since it was kept a second chance when trimming', () => {
    const cache = new ObjectCache();
    const [a, b, c, d] = [1, 2, 3, 4].map((oid) => loaded(cache, oid));
    expect(cache.use(1)).toBe(a); // found by oid: a use
    a?._p_accessed(); // no jar: a no-op, the flag stays as use() set it
    metaOf(c as Thing).accessed = true; // noted by _p_accessed through its connection
    cache.trim(2);
    expect([a, b, c, d].map((thing) => metaOf(thing as Thing).status)).toEqual([
      'saved',
      'ghost',
      'saved',
      'ghost',
    ]);
    // their uses are forgotten: unless used again, they go first next time
    loaded(cache, 5);
    cache.trim(2);
    expect(metaOf(a as Thing).status).toBe('ghost');
    expect(metaOf(c as Thing).status).toBe('saved');
  });

  it('trims even when every object was used (each is passed over at most twice)', () => {
    const cache = new ObjectCache();
    const things = [1, 2, 3, 4].map((oid) => loaded(cache, oid));
    for (const oid of [1, 2, 3, 4]) cache.use(oid);
    cache.trim(1);
    expect(things.filter((thing) => metaOf(thing).status === 'saved')).toEqual([things[3]]);
  });

  it('admits an oid at its third peek in a row, each within `size` objects kept of the last', () => {
    expect(PEEKS_TO_LOAD).toBe(3);
    const cache = new ObjectCache();
    expect(cache.admits(100, 3)).toBe(false); // first peek: noted
    [1, 2, 3].forEach((oid) => loaded(cache, oid)); // 3 kept since
    expect(cache.admits(100, 3)).toBe(false); // second in a row
    [4, 5].forEach((oid) => loaded(cache, oid));
    expect(cache.admits(100, 3)).toBe(true); // third in a row: loaded
    expect(cache.admits(101, 3)).toBe(false);
    expect(cache.admits(101, 3)).toBe(false);
    [6, 7, 8, 9].forEach((oid) => loaded(cache, oid)); // 4 kept since: the row is broken
    expect(cache.admits(101, 3)).toBe(false); // first of a new row
    expect(cache.admits(101, 3)).toBe(false);
    expect(cache.admits(101, 3)).toBe(true);
  });

  it('remembers the peeks of the last `size` to `2 * size` oids peeked at, no more', () => {
    const cache = new ObjectCache();
    expect(cache.admits(100, 3)).toBe(false);
    expect(cache.admits(100, 3)).toBe(false);
    // three other oids fill the generation that holds 100's peeks: it becomes the older one
    [201, 202, 203].forEach((oid) => expect(cache.admits(oid, 3)).toBe(false));
    expect(cache.admits(100, 3)).toBe(true); // found in the older generation
    expect(cache.admits(110, 3)).toBe(false);
    expect(cache.admits(110, 3)).toBe(false);
    // six more: 110's generation is dropped, and its row forgotten
    [301, 302, 303, 304, 305, 306].forEach((oid) => expect(cache.admits(oid, 3)).toBe(false));
    expect(cache.admits(110, 3)).toBe(false);
  });

  it('caches an object for its transaction only at its first load, as usual at its second in a row', () => {
    expect(LOADS_TO_CACHE).toBe(2);
    const cache = new ObjectCache();
    const first = ghostOf(7);
    expect(cache.rememberForTransaction(7, first, 3)).toBe(true);
    expect(cache.get(7)).toBe(first);
    metaOf(first).status = 'saved';
    cache.keep(7, first); // loaded: not kept past the transaction
    cache.endTransaction();
    expect(cache.get(7)).toBeUndefined();
    expect(metaOf(first).status).toBe('ghost');
    expect(first.value).toBeUndefined(); // its state is dropped
    expect(metaOf(first).jar).toBe(DETACHED_JAR);
    const second = ghostOf(7);
    expect(cache.rememberForTransaction(7, second, 3)).toBe(false); // loaded again soon: cached
    metaOf(second).status = 'saved';
    cache.keep(7, second);
    cache.endTransaction();
    expect(cache.get(7)).toBe(second);
    expect(metaOf(second).status).toBe('saved');
  });

  it('forgets a first load after `size` other objects, as it forgets peeks', () => {
    const cache = new ObjectCache();
    expect(cache.rememberForTransaction(7, ghostOf(7), 2)).toBe(true);
    cache.endTransaction();
    [1, 2, 3].forEach((oid) => loaded(cache, oid)); // 3 kept since: not soon any more
    expect(cache.rememberForTransaction(7, ghostOf(7), 2)).toBe(true);
  });

  it('caches as usual an object cached for its transaction only once something holds it', () => {
    const cache = new ObjectCache();
    const thing = ghostOf(7);
    cache.rememberForTransaction(7, thing, 3);
    metaOf(thing).status = 'saved';
    cache.pin(7, thing);
    cache.pin(7, thing); // pinning twice changes nothing
    cache.endTransaction();
    expect(cache.get(7)).toBe(thing);
    expect(metaOf(thing).status).toBe('saved'); // kept loaded, like any object loaded
    cache.pin(8, ghostOf(8)); // not cached: nothing to do
    expect(cache.get(8)).toBeUndefined();
  });

  it('invalidates one object, or every cached one', () => {
    const cache = new ObjectCache();
    const [a, b] = [1, 2].map((oid) => loaded(cache, oid));
    cache.invalidate(1);
    expect(metaOf(a as Thing).status).toBe('ghost');
    expect(metaOf(b as Thing).status).toBe('saved');
    cache.invalidateAll();
    expect(metaOf(b as Thing).status).toBe('ghost');
  });
});
