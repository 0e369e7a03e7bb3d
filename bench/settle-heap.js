'use strict';
/**
 * Brings a bench process's heap to what a long-running process holding the same data carries:
 * full collections, a task turn apart, until the old generation stops shrinking.
 *
 * Why: filling a store with a million objects in a few seconds leaves V8's old generation
 * fragmented — at 1M sessions about 720 MB of pages holding 150 MB of live objects after three
 * collections — and each full collection compacts only some of those pages. Every young-generation
 * collection (scavenge) walks every old page's remembered set, so a fragmented old generation
 * adds about 1.3 ms to each scavenge at 1M: a cost of the bench's burst, not of holding the data
 * (a site that grew to a million sessions went through many full collections on the way; after
 * 15 to 20 of them the old generation is down to about 180 MB). The task turn lets weak
 * references clear and finalizers run between collections.
 *
 * Needs `--expose-gc`. Resolves to `{ collections, oldSpaceBytes }` for the log.
 *
 * @example
 * ```js
 * const { collections, oldSpaceBytes } = await settleHeap();
 * ```
 */
const v8 = require('node:v8');

/** A collection counts as shrinking the old generation when it frees at least this share. */
const SHRINKING = 0.02;
/** Stop after this many collections in a row that did not shrink it... */
const STEADY = 3;
/** ...or after this many in all. */
const MOST = 40;

function oldSpaceBytes() {
  return v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space').space_size;
}

async function settleHeap() {
  let size = oldSpaceBytes();
  let steady = 0;
  let collections = 0;
  while (steady < STEADY && collections < MOST) {
    global.gc();
    collections += 1;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = oldSpaceBytes();
    steady = now < size * (1 - SHRINKING) ? 0 : steady + 1;
    size = Math.min(size, now);
  }
  return { collections, oldSpaceBytes: oldSpaceBytes() };
}

module.exports = { settleHeap };
