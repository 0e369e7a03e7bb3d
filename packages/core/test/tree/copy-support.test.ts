import path from 'node:path';
import { BadRequestError } from '@zoa/core';
import { Database, MemoryStorage, SqliteStorage } from '@zoa/core/persistence';
import {
  Application,
  CopyError,
  encodeClipboard,
  File,
  Folder,
  getCopyId,
  MountPoint,
  objectEvents,
  ReservedObjectError,
} from '@zoa/core/tree';
import type { ObjectEvent } from '@zoa/core/tree';
import { inTxn, openTreeDb, tempDir } from './fixtures/tree-db';

/** /src/{doc (File), sub/{deep (File)}} and an empty /dst. */
async function site(): Promise<Application> {
  const app = new Application();
  const src = await app.setObject('src', new Folder('src', 'Source'));
  await src.setObject('doc', new File('doc', 'hello', { contentType: 'text/plain' }));
  const sub = await src.setObject('sub', new Folder('sub'));
  await sub.setObject('deep', new File('deep', 'deep data'));
  await app.setObject('dst', new Folder('dst'));
  return app;
}

async function at<T>(app: Application, ...ids: string[]): Promise<T> {
  let node: Folder = app;
  for (const id of ids) node = (await node.get(id)) as Folder;
  return node as unknown as T;
}

describe('getCopyId', () => {
  it('gives the id, then copy_of_X, copy2_of_X, ... (Zope)', async () => {
    const folder = new Folder('f');
    expect(await getCopyId(folder, 'x')).toBe('x');
    await folder.setObject('x', new Folder('x'));
    expect(await getCopyId(folder, 'x')).toBe('copy_of_x');
    await folder.setObject('copy_of_x', new Folder('copy_of_x'));
    expect(await getCopyId(folder, 'x')).toBe('copy2_of_x');
    expect(await getCopyId(folder, 'copy_of_x')).toBe('copy2_of_x');
    await folder.setObject('copy2_of_x', new Folder('copy2_of_x'));
    expect(await getCopyId(folder, 'x')).toBe('copy3_of_x');
  });
});

describe('manageCopyObjects / manageCutObjects', () => {
  it('return a clipboard of op and paths that fits a cookie', async () => {
    const app = await site();
    const src = await at<Folder>(app, 'src');
    expect(await src.manageCopyObjects(['doc', 'sub'])).toEqual({
      op: 'copy',
      paths: ['/src/doc', '/src/sub'],
    });
    expect(await app.manageCutObjects(['src'])).toEqual({ op: 'cut', paths: ['/src'] });
    expect(encodeClipboard(await src.manageCutObjects(['doc'])).length).toBeLessThan(8192);
  });

  it('refuse missing ids and an empty selection', async () => {
    const app = await site();
    await expect(app.manageCopyObjects(['nope'])).rejects.toThrow(
      'The object "nope" does not exist.',
    );
    await expect(app.manageCopyObjects([])).rejects.toBeInstanceOf(CopyError);
  });
});

describe('managePasteObjects', () => {
  it('copies a subtree under the same id, then copy_of_X in the same folder', async () => {
    const app = await site();
    const dst = await at<Folder>(app, 'dst');
    const clipboard = await app.manageCopyObjects(['src']);
    expect(await dst.managePasteObjects(clipboard)).toEqual([{ id: 'src', newId: 'src' }]);
    expect(await app.managePasteObjects(clipboard)).toEqual([{ id: 'src', newId: 'copy_of_src' }]);
    expect(await app.managePasteObjects(clipboard)).toEqual([{ id: 'src', newId: 'copy2_of_src' }]);
    const copy = await at<Folder>(app, 'dst', 'src');
    expect(copy.title).toBe('Source');
    expect(await copy.objectIds()).toEqual(['doc', 'sub']);
    expect((await at<File>(app, 'dst', 'src', 'sub', 'deep')).data.toString()).toBe('deep data');
    expect((await at<Folder>(app, 'copy_of_src')).id).toBe('copy_of_src');
  });

  it('makes a copy independent of the original, in memory', async () => {
    const app = await site();
    await app.managePasteObjects(await app.manageCopyObjects(['src']));
    const original = await at<File>(app, 'src', 'sub', 'deep');
    const copy = await at<File>(app, 'copy_of_src', 'sub', 'deep');
    expect(copy).not.toBe(original);
    copy.updateData('changed');
    (await at<Folder>(app, 'copy_of_src')).setTitle('Copy');
    await (await at<Folder>(app, 'copy_of_src', 'sub')).setObject('extra', new Folder('extra'));
    expect(original.data.toString()).toBe('deep data');
    expect((await at<Folder>(app, 'src')).title).toBe('Source');
    expect(await (await at<Folder>(app, 'src', 'sub')).objectIds()).toEqual(['deep']);
  });

  it('makes a copy independent of the original after commit and reload', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'Data.sqlite');
      const db = await openTreeDb(new SqliteStorage({ path: file }));
      await inTxn(db, async (app) => {
        const src = await app.setObject('src', new Folder('src', 'Source'));
        await src.setObject('doc', new File('doc', 'hello'));
      });
      await inTxn(db, async (app) => {
        const [result] = await app.managePasteObjects(await app.manageCopyObjects(['src']));
        expect(result?.newId).toBe('copy_of_src');
      });
      await inTxn(db, async (app) => {
        const copy = await at<File>(app, 'copy_of_src', 'doc');
        const original = await at<File>(app, 'src', 'doc');
        expect(copy._p_oid).not.toBe(original._p_oid);
        expect((await at<Folder>(app, 'copy_of_src'))._p_oid).not.toBe(
          (await at<Folder>(app, 'src'))._p_oid,
        );
        copy.updateData('changed in the copy');
        await (await at<Folder>(app, 'src')).delObject('doc');
      });
      await db.close();
      const reopened = await openTreeDb(new SqliteStorage({ path: file }));
      await inTxn(reopened, async (app) => {
        expect((await at<File>(app, 'copy_of_src', 'doc')).data.toString()).toBe(
          'changed in the copy',
        );
        expect(await (await at<Folder>(app, 'src')).objectIds()).toEqual([]);
      });
      await reopened.close();
    } finally {
      cleanup();
    }
  });

  it('moves on cut: same object, new container, old one emptied, ids kept', async () => {
    const app = await site();
    const src = await at<Folder>(app, 'src');
    const doc = await src.get('doc');
    const dst = await at<Folder>(app, 'dst');
    const moves: ObjectEvent[] = [];
    const stop = objectEvents.subscribe((_t, e) => void moves.push(e), {
      types: ['will-move', 'moved'],
    });
    try {
      expect(await dst.managePasteObjects(await src.manageCutObjects(['doc']))).toEqual([
        { id: 'doc', newId: 'doc' },
      ]);
    } finally {
      stop();
    }
    expect(await dst.get('doc')).toBe(doc);
    expect(doc?.__parent__).toBe(dst);
    expect(doc?.getPath()).toBe('/dst/doc');
    expect(await src.objectIds()).toEqual(['sub']);
    expect(moves.map((e) => [e.type, e.oldParent?.id, e.newParent?.id])).toEqual([
      ['will-move', 'src', 'dst'],
      ['moved', 'src', 'dst'],
    ]);
  });

  it('gives a moved object copy_of_X when its id is taken, and does nothing when pasted in place', async () => {
    const app = await site();
    const dst = await at<Folder>(app, 'dst');
    await dst.setObject('doc', new Folder('doc'));
    const src = await at<Folder>(app, 'src');
    expect(await src.managePasteObjects(await src.manageCutObjects(['doc']))).toEqual([
      { id: 'doc', newId: 'doc' },
    ]);
    expect(await src.objectIds()).toEqual(['doc', 'sub']);
    expect(await dst.managePasteObjects(await src.manageCutObjects(['doc']))).toEqual([
      { id: 'doc', newId: 'copy_of_doc' },
    ]);
    expect(await dst.objectIds()).toEqual(['doc', 'copy_of_doc']);
  });

  it('refuses to paste an object into itself or one of its descendants, for cut and copy', async () => {
    const app = await site();
    const src = await at<Folder>(app, 'src');
    const sub = await at<Folder>(app, 'src', 'sub');
    for (const op of ['cut', 'copy'] as const) {
      const clipboard = { op, paths: ['/src'] };
      await expect(src.managePasteObjects(clipboard)).rejects.toThrow(
        'The object "src" cannot be pasted into itself or one of its descendants.',
      );
      await expect(sub.managePasteObjects(clipboard)).rejects.toBeInstanceOf(CopyError);
    }
    expect(await app.objectIds()).toEqual(['src', 'dst']);
    expect(await src.objectIds()).toEqual(['doc', 'sub']);
  });

  it('checks every source before changing anything', async () => {
    const app = await site();
    const dst = await at<Folder>(app, 'dst');
    await expect(
      dst.managePasteObjects({ op: 'copy', paths: ['/src/doc', '/src/gone'] }),
    ).rejects.toThrow('The object "/src/gone" no longer exists.');
    expect(await dst.objectIds()).toEqual([]);
  });

  it('refuses to paste a cut of a reserved object', async () => {
    const app = await site();
    await app.setObject('temp_folder', new Folder('temp_folder'));
    await expect(
      (await at<Folder>(app, 'dst')).managePasteObjects({ op: 'cut', paths: ['/temp_folder'] }),
    ).rejects.toBeInstanceOf(ReservedObjectError);
    expect(await app.has('temp_folder')).toBe(true);
  });

  it('accepts the encoded cookie value and refuses junk', async () => {
    const app = await site();
    const dst = await at<Folder>(app, 'dst');
    const cookie = encodeClipboard(await app.manageCopyObjects(['src']));
    expect(await dst.managePasteObjects(cookie)).toEqual([{ id: 'src', newId: 'src' }]);
    await expect(dst.managePasteObjects('not a clipboard!')).rejects.toBeInstanceOf(
      BadRequestError,
    );
    await expect(
      dst.managePasteObjects({ op: 'steal', paths: ['/src'] } as unknown as {
        op: 'copy';
        paths: string[];
      }),
    ).rejects.toBeInstanceOf(BadRequestError);
  });

  it('uses the resolvePath option when given', async () => {
    const app = await site();
    const dst = await at<Folder>(app, 'dst');
    const doc = await at<File>(app, 'src', 'doc');
    const asked: string[] = [];
    await dst.managePasteObjects(
      { op: 'copy', paths: ['/elsewhere/doc'] },
      {
        resolvePath: async (p) => {
          asked.push(p);
          return doc;
        },
      },
    );
    expect(asked).toEqual(['/elsewhere/doc']);
    expect(await dst.objectIds()).toEqual(['doc']);
  });

  it('sends copied then will-add and added to the copy', async () => {
    const app = await site();
    const seen: string[] = [];
    const stop = objectEvents.subscribe((target, e) => void seen.push(`${e.type}:${target.id}`));
    try {
      await (await at<Folder>(app, 'dst')).managePasteObjects({ op: 'copy', paths: ['/src/doc'] });
    } finally {
      stop();
    }
    expect(seen).toEqual(['copied:doc', 'will-add:doc', 'added:doc', 'container-modified:dst']);
  });

  it('keeps a moved object (same oid) across commit and reload', async () => {
    const db = await openTreeDb();
    const created = await inTxn(db, async (app) => {
      const src = await app.setObject('src', new Folder('src'));
      await app.setObject('dst', new Folder('dst'));
      return src.setObject('doc', new File('doc', 'x'));
    });
    const oid = created._p_oid;
    expect(oid).toEqual(expect.any(Number));
    await inTxn(db, async (app) => {
      const src = await at<Folder>(app, 'src');
      await (await at<Folder>(app, 'dst')).managePasteObjects(await src.manageCutObjects(['doc']));
    });
    await inTxn(db, async (app) => {
      expect(await (await at<Folder>(app, 'src')).objectIds()).toEqual([]);
      const doc = await at<File>(app, 'dst', 'doc');
      expect(doc._p_oid).toBe(oid);
      expect(doc.getPath()).toBe('/dst/doc');
    });
    await db.close();
  });

  it('moves into another database (through a mount point) as a copy plus a delete', async () => {
    const main = await openTreeDb();
    const other = await Database.open(new MemoryStorage({ name: 'other' }), {
      name: 'other',
      databases: main.databases,
      rootFactory: () => new Folder('mnt'),
    });
    await inTxn(main, async (app) => {
      const src = await app.setObject('src', new Folder('src'));
      await src.setObject('doc', new File('doc', 'moving'));
      await app.setObject('mnt', new MountPoint('mnt', 'other'));
    });
    await inTxn(main, async (app) => {
      const mounted = (await app.publishTraverse('mnt')) as Folder;
      expect(mounted.getPath()).toBe('/mnt');
      const src = await at<Folder>(app, 'src');
      expect(await mounted.managePasteObjects(await src.manageCutObjects(['doc']))).toEqual([
        { id: 'doc', newId: 'doc' },
      ]);
    });
    await inTxn(main, async (app) => {
      expect(await (await at<Folder>(app, 'src')).objectIds()).toEqual([]);
      const mounted = (await app.publishTraverse('mnt')) as Folder;
      const doc = (await mounted.get('doc')) as File;
      expect(doc.data.toString()).toBe('moving');
      expect(doc.getPath()).toBe('/mnt/doc');
    });
    const otherStats = await other.storage.stats();
    expect(otherStats.objects).toBe(2);
    await other.close();
    await main.close();
  });
});
