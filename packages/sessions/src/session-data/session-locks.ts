/** Gives a held lock back; the next waiter (if any) gets it. */
export type ReleaseLock = () => void;

/**
 * FIFO locks by key, within one process: the sessions layer holds the lock of a browser id from
 * the moment a request first reaches for that session until its unit of work ends, so that the
 * requests of one visitor (a page and its parallel XHRs) take turns on the session instead of
 * conflicting — each one opens the session's database after the previous one committed, and
 * sees its writes. A waiter that times out goes on without the lock: conflict detection
 * still guards the data, at the price of a retry.
 *
 * @example
 * ```ts
 * const release = await sessionLocks.acquire(browserId, 5_000);
 * try { ...read and write the session... } finally { release?.(); }
 * ```
 */
export class SessionLocks {
  private readonly queues = new Map<string, (() => void)[]>();

  /** Takes `key` when it is free (without waiting); undefined when another holder has it. */
  tryAcquire(key: string): ReleaseLock | undefined {
    if (this.queues.has(key)) return undefined;
    this.queues.set(key, []);
    return this.releaser(key);
  }

  /**
   * Waits for `key` (at most `timeoutMs`); resolves to the release function, or undefined when
   * the wait timed out (the lock is then not held).
   */
  acquire(key: string, timeoutMs: number): Promise<ReleaseLock | undefined> {
    const queue = this.queues.get(key);
    if (queue === undefined) return Promise.resolve(this.tryAcquire(key));
    return new Promise((resolve) => {
      const grant = (): void => {
        clearTimeout(timer);
        resolve(this.releaser(key));
      };
      const timer = setTimeout(() => {
        const index = queue.indexOf(grant);
        if (index >= 0) queue.splice(index, 1);
        resolve(undefined);
      }, timeoutMs);
      timer.unref();
      queue.push(grant);
    });
  }

  /** How many keys are held now (for tests and metrics). */
  get size(): number {
    return this.queues.size;
  }

  private releaser(key: string): ReleaseLock {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const queue = this.queues.get(key);
      const next = queue?.shift();
      if (next) next();
      else this.queues.delete(key);
    };
  }
}

/** The locks of this process. */
export const sessionLocks = new SessionLocks();
