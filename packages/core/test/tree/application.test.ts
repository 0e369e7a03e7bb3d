import { Application, Folder } from '@zoa/core/tree';
import { inTxn, openTreeDb } from './fixtures/tree-db';

describe('Application', () => {
  it('is the root folder at / with meta type Application', async () => {
    const app = new Application('My site');
    expect(app.metaType).toBe('Application');
    expect(app.getPhysicalPath()).toEqual(['']);
    expect(app.getPath()).toBe('/');
    expect(app.title).toBe('My site');
    const child = await app.setObject('news', new Folder('news'));
    expect(child.getPhysicalPath()).toEqual(['', 'news']);
    expect(child.getPath()).toBe('/news');
  });

  it('is made by the database root factory', async () => {
    const db = await openTreeDb();
    await inTxn(db, async (app) => {
      expect(app).toBeInstanceOf(Application);
      expect(app._p_oid).toBe(0);
      expect(app.isReserved('temp_folder')).toBe(true);
    });
    await db.close();
  });
});
