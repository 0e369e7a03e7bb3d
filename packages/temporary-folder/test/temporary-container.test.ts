import { classRegistry, Database, Folder, MemoryStorage, TransactionManager } from '@zoa/core';
import { TemporaryContainer } from '../src/temporary-container';
import { TemporaryStorage } from '../src/temporary-storage';

const tm = new TransactionManager();

describe('TemporaryContainer', () => {
  it('is a Folder registered as TemporaryContainer with the meta type "Temporary Folder"', () => {
    const folder = new TemporaryContainer();
    expect(folder).toBeInstanceOf(Folder);
    expect(folder.metaType).toBe('Temporary Folder');
    expect(folder.id).toBe('temp_folder');
    expect(folder.icon).toMatch(/^data:image\/svg\+xml,/);
    expect(classRegistry.classFor('TemporaryContainer')).toBe(TemporaryContainer);
  });

  it('is created as the root of an empty temporary database and holds children', async () => {
    const db = await Database.open(new TemporaryStorage(), {
      name: 'temporary',
      rootFactory: () => new TemporaryContainer('temp_folder'),
    });
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<TemporaryContainer>();
      expect(root).toBeInstanceOf(TemporaryContainer);
      await root.setObject('session_data', new Folder('session_data'));
    });
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<TemporaryContainer>();
      expect(await root.objectIds()).toEqual(['session_data']);
      expect(root.storageMetrics()).toMatchObject({ objects: 2, garbagePending: 0 });
    });
    await db.close();
  });

  it('reports no storage metrics when not stored in a TemporaryStorage', async () => {
    expect(new TemporaryContainer().storageMetrics()).toBeUndefined();
    const db = await Database.open(new MemoryStorage(), {
      rootFactory: () => new TemporaryContainer(),
    });
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<TemporaryContainer>();
      expect(root.storageMetrics()).toBeUndefined();
    });
    await db.close();
  });
});
