/// <reference types="jest" />
import { describeCommitContract } from './storage-contract-commits';
import type { ContractContext, StorageContractFixture } from './storage-contract-context';
import { describeLifecycleContract } from './storage-contract-lifecycle';
import { describeSnapshotContract } from './storage-contract-snapshots';

export type { StorageContractFixture } from './storage-contract-context';

/**
 * Registers the jest suite every `Storage` must pass (uses jest's global `describe`,
 * `it`, `expect`). `factory` is called before each test for a fresh, empty storage; the suite
 * closes it (and calls `cleanup`) afterwards.
 *
 * Decisions the suite pins down beyond the interface's TSDoc: `newOid` never returns
 * `ROOT_OID` (the root is written with `baseSerial` 0 by whoever creates it); `close` may be
 * called twice and later calls reject; `pack` keeps what an open snapshot can still reach.
 *
 * @example
 * ```ts
 * import { describeStorageContract } from '@zoa/core/testing';
 *
 * describeStorageContract('MemoryStorage', async () => ({ storage: new MemoryStorage() }));
 * ```
 */
export function describeStorageContract(
  name: string,
  factory: () => Promise<StorageContractFixture>,
): void {
  describe(`${name} (storage contract)`, () => {
    const ctx = {} as ContractContext;

    beforeEach(async () => {
      ctx.fixture = await factory();
      ctx.storage = ctx.fixture.storage;
    });

    afterEach(async () => {
      await ctx.storage.close();
      await ctx.fixture.cleanup?.();
    });

    describeCommitContract(ctx);
    describeSnapshotContract(ctx);
    describeLifecycleContract(ctx);
  });
}
