/**
 * Where a {@link BufferedLogDestination} writes its chunks: best a synchronous one, such as
 * `pino.destination({ dest: 1, sync: true })` (the chunks are already few).
 */
export interface LogChunkTarget {
  write(chunk: string): unknown;
  /** Called when the process exits, when present (sonic-boom's). */
  flushSync?(): void;
}

/** Options of {@link BufferedLogDestination}. */
export interface BufferedLogDestinationOptions {
  /** Lines are written once this many characters are pending (default 16384). */
  bytes?: number;
  /** Pending lines are written at the latest after this many milliseconds (default 200). */
  flushMs?: number;
}

/** Destinations holding lines, flushed when the process exits. */
const pending = new Set<BufferedLogDestination>();
let exitHookInstalled = false;

function flushAllOnExit(): void {
  for (const destination of [...pending]) {
    try {
      destination.flushSync(true);
    } catch {
      // nothing more can be done while the process exits
    }
  }
}

/**
 * A pino destination that collects lines and writes them in chunks: one write call per
 * `bytes` characters instead of one per line, which matters when every request logs an access
 * line (each write is a system call). Pending lines are written after at most `flushMs`
 * milliseconds (an unref'd timer), on {@link flushSync} (pino's `logger.flush()`), and when
 * the process exits (also after an uncaught exception). A process killed with SIGKILL loses at most
 * `flushMs` milliseconds of lines.
 *
 * @throws TypeError when an option is not a positive number
 * @example
 * ```ts
 * const destination = new BufferedLogDestination(pino.destination({ dest: 1, sync: true }));
 * const logger = createPublisherLogger({ destination });
 * ```
 */
export class BufferedLogDestination {
  private readonly bytes: number;
  private readonly flushMs: number;
  private buffer = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: LogChunkTarget,
    options: BufferedLogDestinationOptions = {},
  ) {
    this.bytes = options.bytes ?? 16384;
    this.flushMs = options.flushMs ?? 200;
    for (const [name, value] of [
      ['bytes', this.bytes],
      ['flushMs', this.flushMs],
    ] as const) {
      if (!Number.isFinite(value) || value <= 0) {
        throw new TypeError(`BufferedLogDestination: ${name} must be a positive number`);
      }
    }
    if (typeof target?.write !== 'function') {
      throw new TypeError('BufferedLogDestination: the target must have a write() method');
    }
  }

  /** Collects one line (pino calls it). */
  write(line: string): boolean {
    this.buffer += line;
    if (this.buffer.length >= this.bytes) this.flushSync();
    else if (this.timer === undefined) this.schedule();
    return true;
  }

  /** Writes the pending lines now (and flushes the target too when `target` is true). */
  flushSync(target = false): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    pending.delete(this);
    if (this.buffer === '') return;
    const chunk = this.buffer;
    this.buffer = '';
    this.target.write(chunk);
    if (target) this.target.flushSync?.();
  }

  /** pino's `logger.flush(cb)`. */
  flush(callback?: (error?: Error) => void): void {
    try {
      this.flushSync(true);
    } catch (error) {
      callback?.(error as Error);
      return;
    }
    callback?.();
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.flushSync(), this.flushMs);
    this.timer.unref();
    pending.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('exit', flushAllOnExit);
    }
  }
}
