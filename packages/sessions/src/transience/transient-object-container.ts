import { classRegistry, Persistent } from '@zoa/core';
import { claimHousekeeping } from './housekeeping-claim';
import type { HousekeepingBatch, HousekeepingTimerOptions } from './housekeeping-timer';
import { startHousekeepingTimer } from './housekeeping-timer';
import type { TransientObjectHost } from './interfaces';
import { KeyError } from './key-error';
import { lastTouchSlice } from './last-touch-slice';
import { MaxTransientObjectsExceeded } from './max-transient-objects-exceeded';
import { secondsUntilRoom } from './seconds-until-room';
import type { IndexEntry } from './timeslice-index';
import { TimesliceIndex } from './timeslice-index';
import { hasOutlived, isLive, timesliceOf } from './timeslices';
import type { TransientObjectContainerOptions } from './transient-object-container-settings';
import { TransientObjectContainerSettings } from './transient-object-container-settings';
import { attachTransientObject, TransientObject } from './transient-object';

/** Expired items finalized by one keyed access, at most: O(1) amortized housekeeping. */
const INBAND_BATCH = 16;

interface Prepared {
  index: TimesliceIndex;
  /** The current time on the container's clock, epoch ms. */
  now: number;
  /** The current timeslice. */
  slice: number;
}

/** One of the index's expiry lines: the timeline (last touch) or the birth line (creation). */
interface ExpiryLine {
  /** Up to `n` `[key, mark]` pairs that are due, oldest first. */
  due(n: number): Promise<[string, number][]>;
  /** Deals with one due pair whose key has `entry` (or none): finalizes, moves or drops it. */
  settle(key: string, mark: number, entry: IndexEntry | undefined): Promise<void>;
}

interface Found extends Prepared {
  /** The live entry's value (handed out when touched), or NONE. */
  value: unknown;
  /** The slice the live entry records in the index now (see `lastTouchSlice`). */
  from?: number;
  /** When the live entry was made, in an index that tracks it. */
  created?: number;
  /** The expired, not yet finalized entry of the key, if any. */
  expired?: IndexEntry;
}

const NONE: unique symbol = Symbol('none');

/**
 * Zope's Transient Object Container: a mapping whose items expire after `timeoutMinutes` without
 * access, in timeslices of `periodSeconds` — an item touched in slice `s` stays visible while the
 * current slice `c ≤ s + T`, so it lives between T and T + P after its last touch — and, with an
 * `absoluteTimeoutMinutes` A, never past `created + A`, however active (S-15). Sessions live in
 * one (at `/temp_folder/session_data`). Stored as two B-trees (see `TimesliceIndex`), so it holds
 * a million items; housekeeping is lazy (each keyed access finalizes a few expired items) or
 * driven by `housekeep()` / `startHousekeepingTimer()`.
 *
 * Async (they may load from the database): `get`, `getItem`, `has`, `set`, `delete`, `new`,
 * `newOrExisting`, `keys`, `values`, `items`, `length`, `housekeep`. Touches (they keep an item
 * alive) are the keyed ones; `keys/values/items/length` are not. The other methods are sync; a
 * stored container must be activated first (the tree hands containers out activated).
 *
 * @example
 * ```ts
 * const toc = new TransientObjectContainer('session_data', { timeoutMinutes: 20, limit: 1000 });
 * const session = await toc.newOrExisting(browserId); // a TransientObject
 * session.set('cart', ['book']);
 * await toc.has(browserId); // true — for 20 to 20⅓ minutes after the last touch
 * ```
 */
export class TransientObjectContainer
  extends TransientObjectContainerSettings
  implements TransientObjectHost
{
  static override readonly metaType: string = 'Transient Object Container';

  private data: TimesliceIndex;

  /**
   * Makes an empty container.
   *
   * @throws TypeError / RangeError for invalid settings, in Zope's order (see `checkTimeout`).
   */
  constructor(id: string, options: TransientObjectContainerOptions = {}) {
    super(id, options);
    this.data = new TimesliceIndex(this.timeoutSeconds !== 0, this.absoluteTimeoutMinutes !== 0);
  }

  // --- mapping -------------------------------------------------------------------------------

  /** The live item under `key` (touched), or `defaultValue` (null). */
  async get(key: string, defaultValue: unknown = null): Promise<unknown> {
    const { value } = await this.access(key);
    return value === NONE ? defaultValue : value;
  }

  /**
   * The live item under `key` (touched).
   *
   * @throws KeyError when there is none (missing or expired).
   */
  async getItem(key: string): Promise<unknown> {
    const { value } = await this.access(key);
    if (value === NONE) throw this.keyError(key);
    return value;
  }

  /** True when a live item is under `key` (touches it). */
  async has(key: string): Promise<boolean> {
    return (await this.access(key)).value !== NONE;
  }

  /**
   * Stores `value` under `key` and fires the add notification. A new key counts against the
   * limit (expired items are finalized first).
   *
   * @throws MaxTransientObjectsExceeded when the key is new and the container is full.
   */
  async set(key: string, value: unknown): Promise<void> {
    const found = await this.access(key);
    const { index, slice } = found;
    if (found.value !== NONE) {
      if (found.value !== value) await index.put(key, slice, slice, value, found.created);
    } else {
      if (found.expired) await this.finalize(index, key, found.expired);
      await this.checkLimit(index, slice, found.now);
      await index.add(key, slice, value, await this.creationOf(value, found.now));
    }
    await this.handOut(value, true);
    if (value instanceof TransientObject) value.setTimeslice(slice);
    await this.notify('add', value);
  }

  /**
   * Removes the live item under `key`, without the delete notification (Zope's behaviour).
   *
   * @throws KeyError when there is none (missing or expired).
   */
  async delete(key: string): Promise<void> {
    const found = await this.access(key, false);
    if (found.value === NONE || found.from === undefined) throw this.keyError(key);
    await found.index.remove(key, found.from, found.created);
  }

  /** The live keys: oldest timeslice first, sorted within a timeslice (not a touch). */
  async keys(): Promise<string[]> {
    return (await this.liveEntries()).map(([key]) => key);
  }

  /** The live items, in {@link keys} order (not a touch). */
  async values(): Promise<unknown[]> {
    return (await this.items()).map(([, value]) => value);
  }

  /** The live `[key, item]` pairs, in {@link keys} order (not a touch). */
  async items(): Promise<[string, unknown][]> {
    const items: [string, unknown][] = [];
    for (const [key, [, value]] of await this.liveEntries()) {
      items.push([key, await this.handOut(value, false)]);
    }
    return items;
  }

  /** How many items are held: expired ones count until finalized (not a touch). */
  get length(): Promise<number> {
    return this.loadIndex().then((index) => index.size());
  }

  /**
   * Makes a `TransientObject` for `key` and stores it.
   *
   * @throws TypeError when `key` is not a string; KeyError "cannot duplicate key" when a live item
   * is already under it; MaxTransientObjectsExceeded when the container is full.
   */
  async new(key: string): Promise<TransientObject> {
    if (typeof key !== 'string') throw new TypeError('key is not a string type');
    if (await this.has(key)) throw new KeyError('cannot duplicate key', key);
    const item = new TransientObject(key, { clock: this.runtime().clock });
    await this.set(key, item);
    return item;
  }

  /**
   * The live `TransientObject` under `key` (touched), or a new one stored there — what the
   * session data manager calls for each request's browser id.
   *
   * @throws TypeError when `key` is not a string, or when the item under it is not a
   * `TransientObject`; MaxTransientObjectsExceeded when a new one does not fit.
   */
  async newOrExisting(key: string): Promise<TransientObject> {
    if (typeof key !== 'string') throw new TypeError('key is not a string type');
    const existing = await this.get(key, NONE);
    if (existing instanceof TransientObject) return existing;
    if (existing === NONE) {
      const item = new TransientObject(key, { clock: this.runtime().clock });
      await this.set(key, item);
      return item;
    }
    throw new TypeError(`The item under this key in ${this.describe()} is not a TransientObject`);
  }

  // --- housekeeping --------------------------------------------------------------------------

  /**
   * Finalizes expired items now — removes them and fires the delete notification for each —
   * whether or not in-band housekeeping is enabled. `maxItems` bounds the expiry entries it deals
   * with: expired items finalized, plus the entries touches left behind, moved on to their item's
   * slice (or dropped, the item being gone). Resolves to how many; fewer than `maxItems` means
   * nothing more is due.
   */
  async housekeep(options: { maxItems?: number } = {}): Promise<number> {
    const index = await this.index();
    const now = this.now();
    return this.finalizeExpired(index, this.sliceAt(now), now, options.maxItems ?? Infinity);
  }

  /**
   * Sweeps expired items every `intervalMs` with an unref'd timer, in bounded batches;
   * returns the function that stops it. A stored container needs `runBatch` to sweep in a
   * transaction of its own each time.
   *
   * @example
   * ```ts
   * const stop = toc.startHousekeepingTimer(60_000, {
   *   runBatch: (batch) =>
   *     tm.run(async (txn) => {
   *       const container = await findContainer(txn); // activated, with its clock set
   *       return batch(container);
   *     }),
   * });
   * ```
   */
  startHousekeepingTimer(intervalMs: number, options: HousekeepingTimerOptions = {}): () => void {
    const runBatch = options.runBatch ?? ((batch: HousekeepingBatch) => batch(this));
    const onError =
      options.onError ??
      ((error: unknown) =>
        this.runtime().logger.warn(`Housekeeping failed in ${this.describe()}`, error));
    return startHousekeepingTimer(intervalMs, runBatch, { batchSize: options.batchSize, onError });
  }

  /** @internal Called by `TransientObject.invalidate()`: removes it and notifies. */
  async removeInvalidated(key: string, item: object): Promise<void> {
    const index = await this.index();
    const entry = await index.lookup(key);
    if (entry && entry[1] === item) await this.finalize(index, key, entry);
  }

  // --- internals -----------------------------------------------------------------------------

  /**
   * The live value under `key`; touched — moved to the current slice, its access recorded —
   * unless `touch` is false (for a delete). A `TransientObject` records the slice of its touch
   * itself, so touching one writes the object only (once per timeslice), never the index —
   * unless the clock went back before the slice its entry records. Makes one object per call
   * (the answer) and awaits only what needs loading.
   */
  private async access(key: string, touch = true): Promise<Found> {
    if (typeof key !== 'string') throw new TypeError('A container key must be a string');
    const prepared = this.prepare();
    const found = prepared instanceof Promise ? await prepared : prepared;
    const entry = await found.index.lookup(key);
    if (entry === undefined) return found;
    const [from, value, created] = entry;
    const sliced = lastTouchSlice(entry);
    const last = sliced instanceof Promise ? await sliced : sliced;
    if (!isLive(last, found.slice, this.timeoutSeconds) || this.outlived(created, found.now)) {
      found.expired = entry;
      return found;
    }
    found.created = created;
    found.from = from;
    if (!touch) {
      found.value = value;
      return found;
    }
    const keepsSlice = value instanceof TransientObject;
    if (keepsSlice ? found.slice < from : from !== found.slice) {
      await found.index.put(key, from, found.slice, value, created);
      found.from = found.slice;
    }
    if (keepsSlice) value.setTimeslice(found.slice);
    const handed = this.handOut(value, true);
    found.value = handed instanceof Promise ? await handed : handed;
    return found;
  }

  /**
   * The index, the time and the current slice (with no value found yet), after in-band
   * housekeeping; without a promise when the index is loaded and housekeeping is not due.
   */
  private prepare(): Found | Promise<Found> {
    const index = this.index();
    if (index instanceof Promise) return index.then((loaded) => this.prepareWith(loaded));
    return this.prepareWith(index);
  }

  private prepareWith(index: TimesliceIndex): Found | Promise<Found> {
    const now = this.now();
    const slice = this.sliceAt(now);
    const found: Found = { index, now, slice, value: NONE };
    if (this.inbandHousekeeping && this.housekeepingDue(index, slice, now)) {
      return this.housekeepInband(index, slice, now).then(() => found);
    }
    return found;
  }

  /** True when in-band housekeeping may find expired items (see {@link housekeepInband}). */
  private housekeepingDue(index: TimesliceIndex, slice: number, now: number): boolean {
    const marks = index as { _v_clearUntil?: number; _v_bornAfter?: number };
    const absoluteMs = this.getAbsoluteTimeoutMinutes() * 60_000;
    const idleDue =
      this.timeoutSeconds !== 0 &&
      (marks._v_clearUntil === undefined || slice - this.timeoutSeconds > marks._v_clearUntil);
    const absoluteDue =
      absoluteMs !== 0 &&
      (marks._v_bornAfter === undefined || now - absoluteMs >= marks._v_bornAfter);
    return idleDue || absoluteDue;
  }

  /**
   * Finalizes a few expired items; called when {@link housekeepingDue} says the index may hold
   * some: `_v_clearUntil` is the oldest slice in the timeline and `_v_bornAfter` the oldest
   * creation time in the birth line when a run last left nothing behind (volatile, per loaded
   * index).
   */
  private async housekeepInband(index: TimesliceIndex, slice: number, now: number): Promise<void> {
    if (this.runtime().finalizing || !claimHousekeeping(index)) return;
    if ((await this.finalizeExpired(index, slice, now, INBAND_BATCH)) < INBAND_BATCH) {
      const oldest = (await index.oldestSlice()) ?? slice;
      const oldestBirth = (await index.oldestBirth()) ?? now;
      Object.defineProperty(index, '_v_clearUntil', { value: oldest, configurable: true });
      Object.defineProperty(index, '_v_bornAfter', { value: oldestBirth, configurable: true });
    }
  }

  /**
   * Deals with up to `max` due expiry entries, oldest first: items idle past the timeout in
   * `slice` are finalized (entries that touches left behind move on to their item's slice), then
   * those made at least the absolute timeout before `now`; returns how many entries.
   */
  private async finalizeExpired(
    index: TimesliceIndex,
    slice: number,
    now: number,
    max: number,
  ): Promise<number> {
    const absoluteMs = this.getAbsoluteTimeoutMinutes() * 60_000;
    if (this.timeoutSeconds === 0 && absoluteMs === 0) return 0;
    const runtime = this.runtime();
    const wasFinalizing = runtime.finalizing;
    runtime.finalizing = true;
    const lines: ExpiryLine[] = [];
    if (this.timeoutSeconds !== 0) {
      const cutoff = slice - this.timeoutSeconds;
      lines.push({
        due: (n) => index.expired(cutoff, n),
        // the key may have been touched since the timeline recorded it (touches leave the
        // timeline entry behind): then it moves forward to the key's slice, if that is live
        settle: async (key, mark, entry) => {
          if (entry === undefined) return index.dropFromTimeline(key, mark);
          const last = await lastTouchSlice(entry);
          if (last >= cutoff) {
            await index.requeue(key, mark, last);
            // a session touched since its entry was written: the entry catches up, so that
            // keys() and the next lookups find it live without loading the session
            if (last !== entry[0]) await index.put(key, entry[0], last, entry[1], entry[2]);
            return;
          }
          await this.finalize(index, key, entry);
          if (entry[0] !== mark) await index.dropFromTimeline(key, mark);
        },
      });
    }
    if (absoluteMs !== 0) {
      lines.push({
        due: (n) => index.bornBy(now - absoluteMs, n),
        settle: (key, created, entry) =>
          entry && entry[2] === created
            ? this.finalize(index, key, entry)
            : index.dropFromBirths(key, created),
      });
    }
    let done = 0;
    try {
      for (const line of lines) {
        while (done < max) {
          const batch = await line.due(Math.min(max - done, 256));
          if (batch.length === 0) break;
          for (const [key, mark] of batch) {
            await line.settle(key, mark, await index.lookup(key));
            done += 1;
          }
        }
      }
    } finally {
      runtime.finalizing = wasFinalizing;
    }
    return done;
  }

  /** The live entries, in {@link keys} order (walks them all). */
  private async liveEntries(): Promise<[string, IndexEntry][]> {
    const { index, slice, now } = await this.prepare();
    const live = await index.liveEntries(slice - this.timeoutSeconds, lastTouchSlice);
    return live.filter(([, [, , created]]) => !this.outlived(created, now));
  }

  /** Removes `key` (its entry: slice, value, creation) and fires the delete notification. */
  private async finalize(index: TimesliceIndex, key: string, entry: IndexEntry): Promise<void> {
    const [from, value, created] = entry;
    await index.remove(key, from, created);
    if (value !== NONE) await this.notify('delete', await this.handOut(value, false));
  }

  /** True when an item made at `created` has reached the absolute timeout at `now`. */
  private outlived(created: number | undefined, now: number): boolean {
    return hasOutlived(created, now, this.getAbsoluteTimeoutMinutes());
  }

  /**
   * When a new item was made, epoch ms (whole): a `TransientObject`'s own creation time, else
   * now. Only indexes that track creation times keep it.
   */
  private async creationOf(value: unknown, now: number): Promise<number> {
    if (value instanceof TransientObject) {
      await value.activate();
      return Math.floor(Math.min(value.getCreated(), now));
    }
    return Math.floor(now);
  }

  private sliceAt(now: number): number {
    return timesliceOf(now, this.timeoutSeconds, this.periodSeconds);
  }

  private async checkLimit(index: TimesliceIndex, slice: number, now: number): Promise<void> {
    if (this.limit === 0) return;
    let length = await index.size();
    if (length < this.limit) return;
    if (this.inbandHousekeeping) {
      await this.finalizeExpired(index, slice, now, length - this.limit + 1);
      length = await index.size();
      if (length < this.limit) return;
    }
    const settings = {
      timeoutSeconds: this.timeoutSeconds,
      periodSeconds: this.periodSeconds,
      absoluteTimeoutMinutes: this.getAbsoluteTimeoutMinutes(),
    };
    const retryAfter = await secondsUntilRoom(index, settings, slice, this.now());
    this.runtime().logger.warn(`${this.describe()}: maximum number of subobjects reached`);
    throw new MaxTransientObjectsExceeded(length, this.limit, retryAfter);
  }

  /**
   * Activates a stored value; links a TransientObject to this container (and touches it).
   * Without a promise when the value is loaded.
   */
  private handOut(value: unknown, touch: boolean): unknown {
    if (value instanceof Persistent && value._p_status === 'ghost') {
      return value.activate().then(() => this.handOut(value, touch));
    }
    if (value instanceof TransientObject) {
      attachTransientObject(value, this);
      if (touch) value.setLastAccessed();
    }
    return value;
  }

  /** The index, activated; without a promise when it and the container are loaded. */
  private index(): TimesliceIndex | Promise<TimesliceIndex> {
    // every keyed access starts here
    if (this._p_status === 'ghost' || this.data._p_status === 'ghost') return this.loadIndex();
    return this.data;
  }

  private async loadIndex(): Promise<TimesliceIndex> {
    if (this._p_status === 'ghost') await this.activate();
    if (this.data._p_status === 'ghost') await this.data.activate();
    return this.data;
  }

  private keyError(key: string): KeyError {
    return new KeyError(`No live item under this key in ${this.describe()}`, key);
  }

  protected override reset(): void {
    this.data = new TimesliceIndex(
      this.timeoutSeconds !== 0,
      this.getAbsoluteTimeoutMinutes() !== 0,
    );
  }
}

classRegistry.register('TransientObjectContainer', TransientObjectContainer);
