import { exportObject, File, Folder } from '@zoa/core/tree';
import type { ZexpDocument } from '@zoa/core/tree';
import { inTxn, openTreeDb } from './fixtures/tree-db';

describe('exportObject', () => {
  it('writes every record of the subtree with local oids, the exported object first', async () => {
    const folder = new Folder('news', 'News');
    await folder.setObject('a', new File('a', Buffer.from([0, 255]), { contentType: 'image/png' }));
    const sub = await folder.setObject('sub', new Folder('sub'));
    await sub.setObject('b', new Folder('b'));
    const doc = JSON.parse(await exportObject(folder)) as ZexpDocument;
    expect(doc).toMatchObject({ format: 'zoa-export', version: 1, root: 1, path: '/' });
    expect(doc.records.map((r) => [r.oid, r.className])).toEqual([
      [1, 'Folder'],
      [2, 'File'],
      [3, 'Folder'],
      [4, 'Folder'],
    ]);
    expect(JSON.stringify(doc.records[0]?.state)).toContain('{"$ref":[2,"File"]}');
    expect(JSON.stringify(doc.records[1]?.state)).toContain('"$buffer":"AP8="');
    expect(JSON.stringify(doc)).not.toContain('__parent__');
  });

  it('exports stored objects (loading ghosts) from their path', async () => {
    const db = await openTreeDb();
    await inTxn(db, async (app) => {
      const news = await app.setObject('news', new Folder('news'));
      await news.setObject('x', new Folder('x', 'X'));
    });
    const json = await inTxn(db, async (app) => exportObject((await app.get('news')) as Folder));
    const doc = JSON.parse(json) as ZexpDocument;
    expect(doc.path).toBe('/news');
    expect(doc.records).toHaveLength(2);
    expect(JSON.stringify(doc.records[1]?.state)).toContain('"title":"X"');
    await db.close();
  });
});
