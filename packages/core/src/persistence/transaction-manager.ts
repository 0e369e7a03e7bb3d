import { ConflictError } from './conflict-error';
import type { TransactionInfo } from './transaction';
import { Transaction } from './transaction';

/** Options of {@link TransactionManager.run}. */
export interface RunOptions extends TransactionInfo {
  /** How many times a `ConflictError` re-runs the unit of work (default 3). */
  retries?: number;
  /** Upper bound of the random back-off before a retry, in ms (default 10). */
  maxBackoffMs?: number;
  /** Called before each retry with the attempt number (1-based) and the conflict. */
  onRetry?: (attempt: number, error: ConflictError) => void;
}

/**
 * Begins transactions and runs units of work with conflict retry.
 *
 * @example
 * ```ts
 * const tm = new TransactionManager();
 * await tm.run(async (txn) => {
 *   const root = await (await txn.open(db)).root<PersistentMapping>();
 *   root.set('visits', ((root.get('visits') as number) ?? 0) + 1);
 * });
 * ```
 */
export class TransactionManager {
  /** Starts a new transaction. */
  begin(info: TransactionInfo = {}): Transaction {
    return new Transaction(info);
  }

  /**
   * Runs `work` in a transaction and commits it; aborts on any error. A `ConflictError` re-runs
   * `work` from the start in a new transaction, up to `retries` times, then is rethrown.
   */
  async run<T>(work: (txn: Transaction) => Promise<T>, options: RunOptions = {}): Promise<T> {
    const retries = options.retries ?? 3;
    for (let attempt = 0; ; attempt += 1) {
      const txn = this.begin(options);
      try {
        const result = await work(txn);
        await txn.commit();
        return result;
      } catch (error) {
        await txn.abort();
        if (!(error instanceof ConflictError) || attempt >= retries) throw error;
        options.onRetry?.(attempt + 1, error);
        await backoff(options.maxBackoffMs ?? 10);
      }
    }
  }
}

function backoff(maxMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * maxMs));
}
