import { Folder, TransactionManager } from '@zoa/core';
import { openTemporaryDatabase } from '@zoa/temporary-folder/testing';
import { TemporaryContainer } from '../../src/temporary-container';
import { TemporaryStorage } from '../../src/temporary-storage';

describe('openTemporaryDatabase', () => {
  it('opens a temporary database whose root is a TemporaryContainer when called without options', async () => {
    const db = await openTemporaryDatabase();
    expect(db.name).toBe('temporary');
    expect(db.storage).toBeInstanceOf(TemporaryStorage);
    await new TransactionManager().run(async (txn) => {
      const tempFolder = await (await txn.open(db)).root<TemporaryContainer>();
      expect(tempFolder).toBeInstanceOf(TemporaryContainer);
      expect(tempFolder.id).toBe('temp_folder');
      await tempFolder.setObject('session_data', new Folder('session_data'));
    });
    await db.close();
  });

  it('passes storage and database options on when given', async () => {
    const db = await openTemporaryDatabase({
      name: 'sessions',
      containerId: 'tmp',
      storage: { name: 'ram' },
    });
    expect(db.name).toBe('sessions');
    expect(db.storage.name).toBe('ram');
    await new TransactionManager().run(async (txn) => {
      expect((await (await txn.open(db)).root<TemporaryContainer>()).id).toBe('tmp');
    });
    await db.close();
  });
});
