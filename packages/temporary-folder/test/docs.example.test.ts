// The snippets of docs/temporary-folder.md live here, between `#region` markers, and run as tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database, Folder, MemoryStorage, ROOT_OID, TransactionManager } from '@zoa/core';
import type { ObjectManager, PublisherLogger } from '@zoa/core';
import { createMountPoints, loadConfig, Site } from '@zoa/core/config';
import { ArenaRevisionStore, TemporaryContainer, TemporaryStorage } from '@zoa/temporary-folder';

const configText = `
# #region config
products: ['@zoa/temporary-folder']
databases:
  main:
    storage: { type: sqlite, path: var/Data.sqlite }
    mountPoint: /
  temporary:
    name: Temporary database (for sessions)
    storage: { type: temporary }
    mountPoint: /temp_folder
    containerClass: TemporaryContainer
# #endregion config
`;

const quiet: PublisherLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

describe('docs/temporary-folder.md', () => {
  const logged: unknown[] = [];
  beforeAll(() => jest.spyOn(console, 'log').mockImplementation((value) => logged.push(value)));
  afterAll(() => jest.restoreAllMocks());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-temporary-doc-'));
  const configFile = path.join(dir, 'zoa.config.yaml');
  fs.writeFileSync(configFile, configText);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('configures the temporary database, mounts it once and uses /temp_folder', async () => {
    // #region mount
    const site = await Site.open(loadConfig(configFile));
    await site.run((txn) => createMountPoints(site, txn, ['/temp_folder'])); // once per site
    // #endregion mount
    // #region use
    await site.run(async (txn) => {
      const root = await site.root(txn);
      const tempFolder = (await root.publishTraverse('temp_folder')) as TemporaryContainer;
      await tempFolder.setObject('cache', new Folder('cache')); // in RAM: gone after a restart
    });
    // #endregion use
    await site.close();
    const again = await Site.open(loadConfig(configFile), { logger: quiet });
    try {
      await again.run(async (txn) => {
        const root = await again.root(txn);
        const tempFolder = (await root.publishTraverse('temp_folder')) as ObjectManager;
        expect(tempFolder).toBeInstanceOf(TemporaryContainer);
        expect(await tempFolder.objectIds()).toEqual([]);
      });
    } finally {
      await again.close();
    }
  });

  it('collects garbage without a pack and reports metrics', async () => {
    // #region standalone
    const storage = new TemporaryStorage();
    const db = await Database.open(storage, {
      name: 'temporary',
      rootFactory: () => new TemporaryContainer('temp_folder'),
    });
    const tm = new TransactionManager();
    // #endregion standalone
    // #region gc
    await tm.run(async (txn) => {
      const tempFolder = await (await txn.open(db)).root<TemporaryContainer>();
      const cache = await tempFolder.setObject('cache', new Folder('cache'));
      await cache.setObject('entry', new Folder('entry'));
    });
    console.log(storage.metrics().objects); // 3: temp_folder, cache, entry

    await tm.run(async (txn) => {
      const tempFolder = await (await txn.open(db)).root<TemporaryContainer>();
      await tempFolder.delObject('cache');
    });
    console.log(storage.metrics().objects); // 1: cache and entry went when the delete committed
    // #endregion gc
    expect(logged).toEqual([3, 1]);
    // #region metrics
    const { objects, records, bytes, garbagePending, garbageCollected } = storage.metrics();
    // or, from the folder itself (for the ZMI): tempFolder.storageMetrics()
    // #endregion metrics
    expect({ objects, records, garbagePending, garbageCollected }).toEqual({
      objects: 1,
      records: 1,
      garbagePending: 0,
      garbageCollected: 2,
    });
    expect(bytes).toBeGreaterThan(0);
    await db.close();
  });

  it('keeps records off the heap in a MemoryStorage given an ArenaRevisionStore', async () => {
    // #region off-heap
    const revisions = new ArenaRevisionStore(); // what TemporaryStorage uses by default
    const storage = new MemoryStorage({ revisions });
    // ... after commits, the records' bytes count in process.memoryUsage().arrayBuffers
    // #endregion off-heap
    const txn = {};
    await storage.tpcBegin(txn);
    storage.store(txn, {
      oid: ROOT_OID,
      baseSerial: 0,
      className: 'Root',
      state: '{"city":"Zürich"}',
    });
    await storage.tpcVote(txn);
    const tid = await storage.tpcFinish(txn);
    expect(revisions.objects).toBe(1);
    expect(await storage.load(ROOT_OID)).toEqual({
      oid: ROOT_OID,
      serial: tid,
      className: 'Root',
      state: '{"city":"Zürich"}',
    });
    await storage.close();
  });
});
