import type { Storage } from '@zoa/core';
import { MemoryStorage } from '@zoa/core';
import { TemporaryStorage } from '@zoa/temporary-folder';
import { containerDatabase } from './fixtures/container-database';

const CONCURRENT = 50;
/** Enough retries for 50 transactions that all conflict on one key (one wins per round). */
const RETRIES = { retries: 2 * CONCURRENT, maxBackoffMs: 2 };

describe.each<[string, () => Storage]>([
  ['MemoryStorage', () => new MemoryStorage()],
  ['TemporaryStorage', () => new TemporaryStorage()],
])('TransientObject under concurrent transactions (%s)', (_name, makeStorage) => {
  it('keeps all 50 keys when 50 concurrent transactions each set a distinct key (R-01)', async () => {
    const { run, db } = await containerDatabase(makeStorage());
    await run((toc) => toc.new('visitor'));
    let retried = 0;
    await Promise.all(
      Array.from({ length: CONCURRENT }, (_, i) =>
        run(
          async (toc) => {
            const session = await toc.newOrExisting('visitor');
            session.set(`key${i}`, i);
          },
          { retries: 0, onRetry: () => (retried += 1) },
        ),
      ),
    );
    await run(async (toc) => {
      const session = await toc.newOrExisting('visitor');
      expect(session.keys()).toHaveLength(CONCURRENT);
      for (let i = 0; i < CONCURRENT; i += 1) expect(session.get(`key${i}`)).toBe(i);
    });
    expect(retried).toBe(0); // merged key by key, nothing retried
    await db.close();
  });

  it('counts to 50 when 50 concurrent transactions increment one key (R-01, by retry)', async () => {
    const { run, db } = await containerDatabase(makeStorage());
    await run(async (toc) => (await toc.new('visitor')).set('count', 0));
    await Promise.all(
      Array.from({ length: CONCURRENT }, () =>
        run(async (toc) => {
          const session = await toc.newOrExisting('visitor');
          session.set('count', (session.get('count') as number) + 1);
        }, RETRIES),
      ),
    );
    await run(async (toc) => {
      expect((await toc.newOrExisting('visitor')).get('count')).toBe(CONCURRENT);
    });
    await db.close();
  });

  it('creates 20 different sessions concurrently without a conflict', async () => {
    const { run, db } = await containerDatabase(makeStorage(), { limit: 100 });
    let retried = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        run(
          async (toc) => {
            (await toc.newOrExisting(`visitor${i}`)).set('n', i);
          },
          { retries: 0, onRetry: () => (retried += 1) },
        ),
      ),
    );
    await run(async (toc) => {
      expect(await toc.length).toBe(20);
      expect(await toc.keys()).toHaveLength(20);
    });
    expect(retried).toBe(0);
    await db.close();
  });

  it('lets an invalidation win over a concurrent write', async () => {
    const { run, db } = await containerDatabase(makeStorage());
    await run((toc) => toc.new('visitor'));
    await Promise.all([
      run(async (toc) => (await toc.newOrExisting('visitor')).invalidate(), RETRIES),
      run(async (toc) => (await toc.newOrExisting('visitor')).set('late', true), RETRIES),
    ]);
    // Whichever commits first, the invalidation wins: the write merges into an invalid state.
    await run(async (toc) => expect(await toc.get('visitor')).toBeNull());
    await db.close();
  });
});
