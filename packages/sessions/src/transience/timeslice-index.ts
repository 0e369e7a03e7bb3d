import { BTree, classRegistry, LazyReferences, Persistent, resolveLazy } from '@zoa/core';

/**
 * What the key index holds per key: the timeslice it was last touched in, its value, and — in an
 * index that tracks creation times (an absolute timeout is on) — when the key was added, epoch ms.
 */
export type IndexEntry = [slice: number, value: unknown, created?: number];

/**
 * How the key index stores an entry: a persistent value in a `$lazy` part, so that loading a
 * bucket makes no ghost of the items next to the one looked up (as loaded: a `LazyReference`; as
 * made: the marker); any other value as it is (see `storedEntry`).
 */
type StoredEntry = [slice: number, value: unknown, created?: number];

/** Entries per key-index bucket (each load decodes all of them). */
const ENTRY_BUCKET_SIZE = 32;
/** Entries per timeline bucket (keys only; a session that moves rewrites two of them). */
const TIMELINE_BUCKET_SIZE = 32;
/** Digits of the slice prefix of timeline keys (seconds; see `timesliceOf`). */
const SLICE_DIGITS = 12;
/** Digits of the creation-time prefix of birth line keys (epoch ms, as far as slices go). */
const BIRTH_DIGITS = 15;

/**
 * The data of a `TransientObjectContainer` (see docs/adr/0004-transience-buckets.md): persistent
 * B-trees, so that a million items are many small records and one access writes O(log n) of them.
 *
 * - `entries` maps each key to `[slice, value]`: one lookup finds the item and the slice it was
 *   last touched in — or, for a `TransientObject`, which records its own last touch, a slice no
 *   later than that (so that touching a session never rewrites its entries bucket). Its size (a
 *   merging `Length`) is the container's length.
 * - `timeline` (absent for timeout 0) is the expiry queue: `"<slice, 12 digits> <key>"` entries,
 *   at least one per key at or before the key's slice. A touch changes only `entries`; the
 *   timeline entry stays behind (lazily) until housekeeping reaches it and either finalizes the
 *   key (expired), moves the entry forward to the key's slice ({@link requeue}) or drops it (the
 *   key is gone). Its head is therefore never later than what expires next.
 * - `births` (only when made with `tracksCreation`, for an absolute timeout) holds
 *   `"<created ms, 15 digits> <key>"` for each key: its head is what reaches the absolute timeout
 *   next. Entries then carry their creation time too.
 *
 * The object's own record never changes after it is made (a reset replaces the whole index), and
 * concurrent inserts of different keys merge in the B-tree buckets.
 */
export class TimesliceIndex extends Persistent {
  private readonly entries: BTree<string, StoredEntry>;
  private readonly timeline: BTree<string, 0> | null;
  /** Absent (undefined) in indexes stored before absolute timeouts existed: same as null. */
  private readonly births: BTree<string, 0> | null;

  /**
   * Makes an empty index; `expiring` is false for timeout 0 (no timeline needed),
   * `tracksCreation` is true when an absolute timeout is on (a birth line is kept).
   */
  constructor(expiring: boolean, tracksCreation = false) {
    super();
    this.entries = new BTree({ maxBucketSize: ENTRY_BUCKET_SIZE });
    this.timeline = expiring ? new BTree({ maxBucketSize: TIMELINE_BUCKET_SIZE }) : null;
    this.births = tracksCreation ? new BTree({ maxBucketSize: TIMELINE_BUCKET_SIZE }) : null;
  }

  /** The entry of `key`, live or expired, or undefined. */
  async lookup(key: string): Promise<IndexEntry | undefined> {
    if (this._p_status === 'ghost') await this.activate();
    const entry = await this.entries.get(key);
    return entry === undefined ? undefined : indexEntryOf(entry);
  }

  /** How many keys the index holds (expired ones not yet finalized included). */
  async size(): Promise<number> {
    await this.activate();
    return this.entries.size();
  }

  /** Adds `key` (absent) in `slice`, made at `created` (epoch ms; kept when tracked). */
  async add(key: string, slice: number, value: unknown, created?: number): Promise<void> {
    await this.activate();
    const births = created === undefined ? null : (this.births ?? null);
    await this.entries.set(key, storedEntry(slice, value, births === null ? undefined : created));
    await this.timeline?.set(timelineKey(slice, key), 0);
    if (births !== null && created !== undefined) await births.set(birthKey(created, key), 0);
  }

  /**
   * Stores `value` for `key`, now touched in `slice`; `from` is the slice it was in, `created`
   * the creation time its entry carries (unchanged: activity never changes it). Writes only the
   * key's `entries` bucket: its timeline entry stays where it is (see the class comment), unless
   * the clock went back (`slice < from`), when one is added at `slice`.
   */
  async put(
    key: string,
    from: number,
    slice: number,
    value: unknown,
    created?: number,
  ): Promise<void> {
    await this.activate();
    if (slice < from) await this.timeline?.set(timelineKey(slice, key), 0);
    await this.entries.set(key, storedEntry(slice, value, created));
  }

  /**
   * Removes `key`, which is in `slice` and was made at `created` (when tracked), with its
   * timeline entry at `slice` if there is one (one left behind earlier goes when housekeeping
   * reaches it).
   */
  async remove(key: string, slice: number, created?: number): Promise<void> {
    await this.activate();
    await this.entries.delete(key);
    await this.timeline?.delete(timelineKey(slice, key));
    if (created !== undefined) await this.births?.delete(birthKey(created, key));
  }

  /** True when the index keeps creation times (it was made for an absolute timeout). */
  async tracksCreation(): Promise<boolean> {
    await this.activate();
    return (this.births ?? null) !== null;
  }

  /** Removes the timeline entry of `key` in `slice` only (one the key has left). */
  async dropFromTimeline(key: string, slice: number): Promise<void> {
    await this.activate();
    await this.timeline?.delete(timelineKey(slice, key));
  }

  /**
   * Moves the timeline entry of `key` from slice `mark` (left behind by touches) to `slice`, the
   * one its entry is in now.
   */
  async requeue(key: string, mark: number, slice: number): Promise<void> {
    await this.activate();
    await this.timeline?.move(timelineKey(mark, key), timelineKey(slice, key), 0);
  }

  /**
   * Up to `max` `[key, mark]` timeline entries of slices before `cutoff`, oldest first: each key
   * is due, gone, or was touched since `mark` (see the class comment).
   */
  async expired(cutoff: number, max: number): Promise<[string, number][]> {
    await this.activate();
    if (!this.timeline) return [];
    return firstKeys(this.timeline, slicePrefix(cutoff), max, parseTimelineKey);
  }

  /** Removes the birth line entry of `key` made at `created` only (one the key has left). */
  async dropFromBirths(key: string, created: number): Promise<void> {
    await this.activate();
    await this.births?.delete(birthKey(created, key));
  }

  /** Up to `max` `[key, created]` pairs made at or before `cutoffMs`, oldest first. */
  async bornBy(cutoffMs: number, max: number): Promise<[string, number][]> {
    await this.activate();
    const births = this.births ?? null;
    if (births === null || cutoffMs < 0) return [];
    return firstKeys(births, birthPrefix(Math.floor(cutoffMs) + 1), max, parseBirthKey);
  }

  /** The oldest creation time in the birth line, or undefined when it is empty or untracked. */
  async oldestBirth(): Promise<number | undefined> {
    await this.activate();
    const first = await this.births?.firstKey();
    return first === undefined ? undefined : parseBirthKey(first)[1];
  }

  /**
   * The oldest slice in the timeline — never later than the oldest entry's slice — or undefined
   * when it is empty (or there is none).
   */
  async oldestSlice(): Promise<number | undefined> {
    await this.activate();
    const first = await this.timeline?.firstKey();
    return first === undefined ? undefined : parseTimelineKey(first)[1];
  }

  /**
   * The entries of slices from `fromSlice` on, oldest slice first and sorted by key within a
   * slice (all of them, sorted by key, when the container never expires). Walks every entry.
   * `sliceOf` gives an entry's slice when it is not the one the entry records (the container
   * keeps a session's last touch on the session itself); the entries come with that slice.
   */
  async liveEntries(
    fromSlice: number,
    sliceOf: (entry: IndexEntry) => number | Promise<number> = ([slice]) => slice,
  ): Promise<[string, IndexEntry][]> {
    await this.activate();
    const live: [string, IndexEntry][] = [];
    for await (const [key, stored] of this.entries.entries()) {
      const entry = indexEntryOf(stored);
      const found = sliceOf(entry);
      const slice = found instanceof Promise ? await found : found;
      if (slice < fromSlice) continue;
      entry[0] = slice;
      live.push([key, entry]);
    }
    // entries come sorted by key; a stable sort by slice keeps that order within a slice
    return live.sort((a, b) => a[1][0] - b[1][0]);
  }
}

classRegistry.register('TimesliceIndex', TimesliceIndex);

/** Up to `max` keys of a line below `before`, oldest first, parsed into `[key, mark]`. */
async function firstKeys(
  line: BTree<string, 0>,
  before: string,
  max: number,
  parse: (item: string) => [string, number],
): Promise<[string, number][]> {
  const found: [string, number][] = [];
  if (max <= 0) return found;
  for await (const item of line.keys({ max: before, excludeMax: true })) {
    found.push(parse(item));
    if (found.length >= max) break;
  }
  return found;
}

/** The entry as the container sees it: the stored value resolved. */
function indexEntryOf([slice, stored, created]: StoredEntry): IndexEntry {
  const value = stored instanceof LazyReferences ? stored.value : resolveLazy(stored);
  return created === undefined ? [slice, value] : [slice, value, created];
}

/**
 * The entry as stored: a persistent value in a `$lazy` part (it loads as a `LazyReference`);
 * any other value as it is, so that it loads as it was stored and an entry that is read and
 * not changed encodes as it was loaded (a `$lazy` part around a plain value loads as the plain
 * value, and a value holding persistent objects deeper down needs them made as it loads).
 */
function storedEntry(slice: number, value: unknown, created: number | undefined): StoredEntry {
  const stored = value instanceof Persistent ? new LazyReferences(value) : value;
  return created === undefined ? [slice, stored] : [slice, stored, created];
}

function slicePrefix(slice: number): string {
  return String(Math.max(0, slice)).padStart(SLICE_DIGITS, '0');
}

function timelineKey(slice: number, key: string): string {
  return `${slicePrefix(slice)} ${key}`;
}

function parseTimelineKey(item: string): [string, number] {
  return [item.slice(SLICE_DIGITS + 1), Number(item.slice(0, SLICE_DIGITS))];
}

function birthPrefix(created: number): string {
  return String(Math.max(0, Math.floor(created))).padStart(BIRTH_DIGITS, '0');
}

function birthKey(created: number, key: string): string {
  return `${birthPrefix(created)} ${key}`;
}

function parseBirthKey(item: string): [string, number] {
  return [item.slice(BIRTH_DIGITS + 1), Number(item.slice(0, BIRTH_DIGITS))];
}
