import { MemoryStorage } from '@zoa/core';
import { containerDatabase } from './fixtures/container-database';

describe('claimHousekeeping', () => {
  it('lets one of many concurrent transactions finalize expired items, so none conflicts', async () => {
    const { run, clock } = await containerDatabase(new MemoryStorage(), { timeoutMinutes: 1 });
    await run(async (toc) => {
      for (let i = 0; i < 100; i += 1) await toc.set(`old${i}`, i);
      for (let i = 0; i < 10; i += 1) await toc.new(`visitor${i}`);
    });
    clock.advance(60); // the visitors come back just in time; the old items expire next slice
    await run(async (toc) => {
      for (let i = 0; i < 10; i += 1) await toc.newOrExisting(`visitor${i}`);
    });
    clock.advance(20);
    let retried = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        run(async (toc) => (await toc.newOrExisting(`visitor${i}`)).set('seen', true), {
          retries: 0,
          onRetry: () => (retried += 1),
        }),
      ),
    );
    expect(retried).toBe(0);
    // Exactly one transaction finalized its in-band batch of 16 (length is not an access).
    await run(async (toc) => expect(await toc.length).toBe(110 - 16));
  });
});
