/** Something whose expired items a timer can sweep: a `TransientObjectContainer`. */
export interface Housekeepable {
  /**
   * Finalizes expired items, dealing with at most `maxItems` expiry entries; resolves to how many
   * (fewer than `maxItems`: nothing more is due now).
   */
  housekeep(options: { maxItems?: number }): Promise<number>;
}

/** One bounded sweep step: finalizes at most a batch on `container` and says how many. */
export type HousekeepingBatch = (container: Housekeepable) => Promise<number>;

/** Options of {@link startHousekeepingTimer}. */
export interface HousekeepingTimerOptions {
  /**
   * Expiry entries dealt with per batch (default 250: about 3–4 ms of work at 300k sessions, so
   * requests interleave). Each batch is its own call of `runBatch`.
   */
  batchSize?: number;
  /**
   * Runs one batch. A stored container must be used in a transaction of its own: open one, find
   * the container, give it its clock, and call `batch(container)` (see the example of
   * `TransientObjectContainer.startHousekeepingTimer`). Default: on the container itself, which
   * suits a container that is not stored in a database.
   */
  runBatch?: (batch: HousekeepingBatch) => Promise<number>;
  /** Called when a sweep fails (a conflict, a closed database); the timer keeps going. */
  onError?: (error: unknown) => void;
}

/**
 * Sweeps expired items every `intervalMs` even without traffic, in bounded batches: each
 * tick runs batches of at most `batchSize` items until one finalizes fewer (nothing is left),
 * yielding to the event loop between them; a tick never overlaps the previous one. The timer is
 * unref'd, so it does not keep the process alive. Returns the function that stops it.
 *
 * @throws RangeError when `intervalMs` is not a positive number or `batchSize` not a positive
 * integer.
 */
export function startHousekeepingTimer(
  intervalMs: number,
  runBatch: (batch: HousekeepingBatch) => Promise<number>,
  options: Pick<HousekeepingTimerOptions, 'batchSize' | 'onError'> = {},
): () => void {
  const batchSize = options.batchSize ?? 250;
  if (!(Number.isFinite(intervalMs) && intervalMs > 0)) {
    throw new RangeError(
      `The housekeeping interval must be a positive number of ms, not ${intervalMs}`,
    );
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(
      `The housekeeping batch size must be a positive integer, not ${batchSize}`,
    );
  }
  const onError = options.onError ?? (() => undefined);
  let running = false;
  let stopped = false;
  const batch: HousekeepingBatch = (container) => container.housekeep({ maxItems: batchSize });
  const sweep = async (): Promise<void> => {
    if (running || stopped) return;
    running = true;
    try {
      while (!stopped && (await runBatch(batch)) >= batchSize) {
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
