/**
 * A first-come, first-served lock for async code inside one process.
 *
 * @example
 * ```ts
 * const mutex = new AsyncMutex();
 * const release = await mutex.lock();
 * try {
 *   await writeSomething();
 * } finally {
 *   release();
 * }
 * ```
 */
export class AsyncMutex {
  private held = false;
  private readonly waiters: Array<() => void> = [];

  /** True while someone holds the lock. */
  get isLocked(): boolean {
    return this.held;
  }

  /** Resolves, in call order, once the lock is free; the returned function releases it (once). */
  lock(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = (): void => {
        this.held = true;
        resolve(this.releaser());
      };
      if (this.held) this.waiters.push(grant);
      else grant();
    });
  }

  /** Takes the lock when it is free (no waiting): its release function, else undefined. */
  tryLock(): (() => void) | undefined {
    if (this.held) return undefined;
    this.held = true;
    return this.releaser();
  }

  /** Runs `fn` while holding the lock and releases it however `fn` ends. */
  async runExclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const release = await this.lock();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.held = false;
    };
  }
}
