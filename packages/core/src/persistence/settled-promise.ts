/**
 * A promise that is fulfilled from the start and whose value can be read without awaiting it.
 * Storages that need no I/O for a step (MemoryStorage and the temporary storage) answer with one,
 * still honouring the `Promise` signatures of the `Storage` contract, and the connection reads
 * {@link SettledPromise.value} instead of awaiting: an `await` costs a suspension and about 250
 * bytes even on a settled promise. Anyone else sees an ordinary fulfilled promise.
 *
 * @example
 * ```ts
 * const answer: Promise<number> = SettledPromise.of(7);
 * const value = answer instanceof SettledPromise ? answer.value : await answer; // 7, at once
 * ```
 */
export class SettledPromise<T> extends Promise<T> {
  /** The value the promise is fulfilled with. */
  value!: T;

  /** `then` and the like make plain promises (they are not settled when made). */
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /**
   * A promise fulfilled with `value`.
   *
   * @param value - not a promise or other thenable (it would not be fulfilled at once)
   */
  static of<T>(value: T): SettledPromise<T> {
    const settled = new SettledPromise<T>((resolve) => resolve(value));
    settled.value = value;
    return settled;
  }
}

/** The settled promise of a step that has nothing to report (shared: it never changes). */
export const SETTLED: SettledPromise<void> = SettledPromise.of(undefined);
