import type { Oid } from './interfaces';

/**
 * Hands out oids from blocks taken from a shared sequence: one round trip per block, however
 * many callers wait for it; the rest of a block is lost when the process ends (oids are never
 * reused, gaps are harmless).
 *
 * @example
 * ```ts
 * const oids = new PostgresOidBlocks(64, async () => (await pool.query(nextval)).rows[0].first);
 * await oids.next(); // the first oid of the block
 * ```
 */
export class PostgresOidBlocks {
  private nextOid: Oid = 0;
  private limit: Oid = 0;
  private taking: Promise<void> | undefined;

  /**
   * @param size - oids per block (the sequence's increment)
   * @param takeBlock - returns the first oid of a new block
   */
  constructor(
    private readonly size: number,
    private readonly takeBlock: () => Promise<Oid>,
  ) {}

  /** A fresh oid. */
  async next(): Promise<Oid> {
    while (this.nextOid >= this.limit) {
      this.taking ??= this.take().finally(() => {
        this.taking = undefined;
      });
      await this.taking;
    }
    const oid = this.nextOid;
    this.nextOid += 1;
    return oid;
  }

  private async take(): Promise<void> {
    const first = await this.takeBlock();
    this.nextOid = first;
    this.limit = first + this.size;
  }
}
