import path from 'node:path';
import { BadRequestError, NotFoundError } from '@zoa/core';
import {
  ClassRegistry,
  classRegistry,
  Database,
  MemoryStorage,
  PersistentMapping,
  SqliteStorage,
} from '@zoa/core/persistence';
import {
  Application,
  BrokenItem,
  CopyError,
  File,
  Folder,
  Item,
  ObjectManager,
  Page,
  ReservedObjectError,
} from '@zoa/core/tree';
import { inTxn, openTreeDb, tempDir } from './fixtures/tree-db';

class Note extends Item {
  static override readonly metaType = 'Note';
}
classRegistry.register('test.folder.Note', Note);

async function filled(...ids: string[]): Promise<Folder> {
  const folder = new Folder('f');
  for (const id of ids) await folder.setObject(id, new Folder(id));
  return folder;
}

describe('Folder', () => {
  describe('setObject / get / has', () => {
    it('adds a child, sets its id and parent, and finds it with get()', async () => {
      const folder = new Folder('f');
      const child = await folder.setObject('news', new Folder('other', 'News'));
      expect(child.id).toBe('news');
      expect(child.__parent__).toBe(folder);
      expect(await folder.get('news')).toBe(child);
      expect(await folder.has('news')).toBe(true);
      expect(await folder.has('nope')).toBe(false);
      expect(await folder.get('nope')).toBeUndefined();
    });

    it('never exposes children as properties, nor properties as children', async () => {
      const folder = await filled('news');
      expect((folder as unknown as Record<string, unknown>).news).toBeUndefined();
      for (const name of [
        '__proto__',
        'constructor',
        'toString',
        'get',
        'objectIds',
        'title',
        '_objects',
      ]) {
        expect(await folder.get(name)).toBeUndefined();
        expect(await folder.publishTraverse(name)).toBeUndefined();
      }
    });

    it('refuses a taken or invalid id with a 400', async () => {
      const folder = await filled('news');
      await expect(folder.setObject('news', new Folder('x'))).rejects.toThrow(
        'The id "news" is invalid - it is already in use.',
      );
      await expect(folder.setObject('<x>', new Folder('x'))).rejects.toBeInstanceOf(
        BadRequestError,
      );
    });

    it('refuses adding an object into itself or a descendant', async () => {
      const folder = await filled('a');
      const a = (await folder.get('a')) as Folder;
      await expect(a.setObject('loop', folder)).rejects.toBeInstanceOf(CopyError);
      await expect(folder.setObject('self', folder)).rejects.toBeInstanceOf(CopyError);
    });

    it('refuses an object that is already in another container', async () => {
      const one = await filled('a');
      const two = new Folder('two');
      const a = (await one.get('a')) as Folder;
      await expect(two.setObject('a', a)).rejects.toThrow('use cut and paste');
    });
  });

  describe('listing', () => {
    it('lists ids, values and items in insertion order, filtered by meta type', async () => {
      const folder = new Folder('f');
      await folder.setObject('b', new Folder('b'));
      await folder.setObject('a', new Note('a'));
      await folder.setObject('c', new File('c', 'x'));
      expect(await folder.objectIds()).toEqual(['b', 'a', 'c']);
      expect(await folder.objectIds('Note')).toEqual(['a']);
      expect(await folder.objectIds(['Note', 'File'])).toEqual(['a', 'c']);
      expect((await folder.objectValues('Folder')).map((o) => o.id)).toEqual(['b']);
      const items = await folder.objectItems();
      expect(items.map(([id, o]) => [id, o.metaType])).toEqual([
        ['b', 'Folder'],
        ['a', 'Note'],
        ['c', 'File'],
      ]);
      expect(items.every(([, o]) => o.__parent__ === folder)).toBe(true);
      expect(await folder.objectCount()).toBe(3);
    });

    it('pages with start, limit and an after cursor', async () => {
      const folder = await filled('a', 'b', 'c', 'd', 'e');
      expect(await folder.objectIds(undefined, { limit: 2 })).toEqual(['a', 'b']);
      expect(await folder.objectIds(undefined, { start: 2, limit: 2 })).toEqual(['c', 'd']);
      expect(await folder.objectIds(undefined, { after: 'c' })).toEqual(['d', 'e']);
      expect(
        (await folder.objectValues(undefined, { after: 'a', limit: 1 })).map((o) => o.id),
      ).toEqual(['b']);
      expect(await folder.objectIds(undefined, { limit: 0 })).toEqual([]);
    });
  });

  describe('delObject / delObjects', () => {
    it('deletes children and clears their parent link', async () => {
      const folder = await filled('a', 'b', 'c');
      const b = await folder.get('b');
      await folder.delObject('b');
      expect(await folder.objectIds()).toEqual(['a', 'c']);
      expect(b?.__parent__).toBeUndefined();
      await folder.delObjects(['a', 'c']);
      expect(await folder.objectCount()).toBe(0);
    });

    it('checks every id before deleting any', async () => {
      const folder = await filled('a', 'b');
      await expect(folder.delObjects(['a', 'missing'])).rejects.toThrow(
        'The object "missing" does not exist.',
      );
      expect(await folder.objectIds()).toEqual(['a', 'b']);
    });

    it('escapes a missing id in the message', async () => {
      const folder = await filled();
      await expect(folder.delObject('<b>')).rejects.toThrow(
        'The object "&lt;b&gt;" does not exist.',
      );
    });
  });

  describe('renameObject', () => {
    it('renames in place, keeping the order', async () => {
      const folder = await filled('a', 'b', 'c');
      const b = await folder.get('b');
      const renamed = await folder.renameObject('b', 'beta');
      expect(renamed).toBe(b);
      expect(renamed.id).toBe('beta');
      expect(await folder.objectIds()).toEqual(['a', 'beta', 'c']);
      expect(await folder.get('b')).toBeUndefined();
    });

    it('refuses a bad or taken new id and a missing old one', async () => {
      const folder = await filled('a', 'b');
      await expect(folder.renameObject('a', 'b')).rejects.toThrow('already in use');
      await expect(folder.renameObject('a', '__proto__')).rejects.toBeInstanceOf(BadRequestError);
      await expect(folder.renameObject('zz', 'c')).rejects.toThrow('does not exist');
      expect(await folder.objectIds()).toEqual(['a', 'b']);
    });

    it('does nothing when the id does not change', async () => {
      const folder = await filled('a');
      await folder.renameObject('a', 'a');
      expect(await folder.objectIds()).toEqual(['a']);
    });
  });

  describe('reserved names', () => {
    it('protects Application reserved ids from delete, cut and rename', async () => {
      const app = new Application();
      await app.setObject('temp_folder', new Folder('temp_folder'));
      await expect(app.delObject('temp_folder')).rejects.toBeInstanceOf(ReservedObjectError);
      await expect(app.manageCutObjects(['temp_folder'])).rejects.toThrow(
        'is reserved and cannot be cut',
      );
      await expect(app.renameObject('temp_folder', 'x')).rejects.toThrow('cannot be renamed');
      await expect(app.manageCopyObjects(['temp_folder'])).resolves.toEqual({
        op: 'copy',
        paths: ['/temp_folder'],
      });
      await app.delObject('temp_folder', { force: true });
      expect(await app.has('temp_folder')).toBe(false);
    });

    it('lets a product reserve and release more ids per instance', async () => {
      const folder = await filled('session_data');
      folder.reserveName('session_data');
      expect(folder.isReserved('session_data')).toBe(true);
      await expect(folder.delObject('session_data')).rejects.toBeInstanceOf(ReservedObjectError);
      folder.releaseName('session_data');
      await folder.delObject('session_data');
      expect(Application.reservedNames).toContain('browser_id_manager');
    });
  });

  describe('publishTraverse', () => {
    it('returns the activated child with its parent link, or undefined', async () => {
      const folder = await filled('a');
      const a = await folder.publishTraverse('a');
      expect(a).toBeInstanceOf(Folder);
      expect((a as Folder).__parent__).toBe(folder);
      expect(await folder.publishTraverse('b')).toBeUndefined();
    });

    it('calls the mount hook of a child that has resolveMount(parent)', async () => {
      const mounted = new Folder('mounted-root');
      class FakeMount extends Item {
        async resolveMount(parent: object): Promise<object> {
          (mounted as { __parent__?: unknown }).__parent__ = parent;
          return mounted;
        }
      }
      classRegistry.register('test.folder.FakeMount', FakeMount);
      const folder = new Folder('f');
      await folder.setObject('mnt', new FakeMount('mnt'));
      expect(await folder.publishTraverse('mnt')).toBe(mounted);
      expect(mounted.__parent__).toBe(folder);
      expect(await folder.get('mnt')).toBeInstanceOf(FakeMount);
    });
  });

  describe('order support', () => {
    it('moves up, down, to top and bottom', async () => {
      const folder = await filled('a', 'b', 'c', 'd');
      expect(await folder.moveObjectsUp(['c'])).toBe(1);
      expect(await folder.objectIds()).toEqual(['a', 'c', 'b', 'd']);
      await folder.moveObjectsDown(['a'], 2);
      expect(await folder.objectIds()).toEqual(['c', 'b', 'a', 'd']);
      await folder.moveObjectsToTop(['d', 'a']);
      expect(await folder.objectIds()).toEqual(['d', 'a', 'c', 'b']);
      await folder.moveObjectsToBottom(['d']);
      expect(await folder.objectIds()).toEqual(['a', 'c', 'b', 'd']);
      expect(await folder.moveObjectsUp(['a'])).toBe(0);
    });

    it('moves to a position and reports positions', async () => {
      const folder = await filled('a', 'b', 'c', 'd');
      await folder.moveObjectsToPosition(['d', 'a'], 1);
      expect(await folder.objectIds()).toEqual(['b', 'd', 'a', 'c']);
      await folder.moveObjectToPosition('c', 0);
      expect(await folder.objectIds()).toEqual(['c', 'b', 'd', 'a']);
      expect(await folder.getObjectPosition('d')).toBe(2);
      expect(await folder.getObjectPosition('zz')).toBe(-1);
    });

    it('sorts by id, title, meta type or a function', async () => {
      const folder = new Folder('f');
      await folder.setObject('b', new Folder('b', 'Zeta'));
      await folder.setObject('c', new Note('c', 'Alpha'));
      await folder.setObject('a', new Folder('a', 'Mid'));
      await folder.orderObjects('id');
      expect(await folder.objectIds()).toEqual(['a', 'b', 'c']);
      await folder.orderObjects('title');
      expect(await folder.objectIds()).toEqual(['c', 'a', 'b']);
      await folder.orderObjects('metaType', true);
      expect(await folder.objectIds()).toEqual(['c', 'a', 'b']);
      await folder.orderObjects((child) => child.id, true);
      expect(await folder.objectIds()).toEqual(['c', 'b', 'a']);
      expect(folder.isOrderable).toBe(true);
    });
  });

  describe('broken children', () => {
    it('hands out a BrokenItem for a stored child that is not a tree object', async () => {
      const folder = new Folder('f');
      await folder._setOb('odd', new PersistentMapping() as unknown as Item);
      const odd = await folder.get('odd');
      expect(odd).toBeInstanceOf(BrokenItem);
      expect(odd?.metaType).toBe('Broken Because Product is Gone');
      expect(await folder.objectIds('Broken Because Product is Gone')).toEqual(['odd']);
      await folder.delObject('odd');
      expect(await folder.objectCount()).toBe(0);
    });

    it('lists a child whose class is gone as broken, and can still delete it', async () => {
      const storage = new MemoryStorage();
      const db = await openTreeDb(storage);
      await inTxn(db, (app) => app.setObject('note', new Note('note')));
      const withoutNote = new ClassRegistry();
      for (const name of classRegistry.names()) {
        const cls = classRegistry.classFor(name);
        if (cls && cls !== Note) withoutNote.register(name, cls);
      }
      const reopened = new Database(storage, { registry: withoutNote, name: 'again' });
      await inTxn(reopened, async (app) => {
        const note = await app.get('note');
        expect(note).toBeInstanceOf(BrokenItem);
        expect(note?.getPath()).toBe('/note');
        await app.delObject('note');
      });
      await inTxn(reopened, async (app) => expect(await app.objectIds()).toEqual([]));
    });
  });

  describe('persistence', () => {
    it('keeps children, order, titles and reserved names across a reload from SQLite', async () => {
      const { dir, cleanup } = tempDir();
      try {
        const file = path.join(dir, 'Data.sqlite');
        let db = await openTreeDb(new SqliteStorage({ path: file }));
        await inTxn(db, async (app) => {
          const news = await app.setObject('news', new Folder('news', 'News'));
          await news.setObject('b', new Page('b', '<p>{{ context.title }}</p>'));
          await news.setObject(
            'a',
            new File('a', Buffer.from([1, 2, 3]), { contentType: 'image/png' }),
          );
          await news.setObject('c', new Folder('c'));
          news.reserveName('c');
        });
        await inTxn(db, async (app) => {
          const news = (await app.get('news')) as Folder;
          await news.moveObjectsToTop(['c']);
          await news.renameObject('b', 'beta');
        });
        await db.close();
        db = await openTreeDb(new SqliteStorage({ path: file }));
        await inTxn(db, async (app) => {
          expect(app).toBeInstanceOf(Application);
          expect(app.getPath()).toBe('/');
          const news = (await app.get('news')) as Folder;
          expect(news.title).toBe('News');
          expect(await news.objectIds()).toEqual(['c', 'beta', 'a']);
          expect(news.isReserved('c')).toBe(true);
          const a = (await news.get('a')) as File;
          expect([...a.data]).toEqual([1, 2, 3]);
          expect(a.getPath()).toBe('/news/a');
          const page = (await news.get('beta')) as Page;
          expect(await page.render()).toBe('<p>News</p>');
        });
        await db.close();
      } finally {
        cleanup();
      }
    });

    it('sees a delete in a new transaction and keeps the rest', async () => {
      const db = await openTreeDb();
      await inTxn(db, async (app) => {
        await app.setObject('a', new Folder('a'));
        await app.setObject('b', new Folder('b'));
      });
      await inTxn(db, (app) => app.delObject('a'));
      await inTxn(db, async (app) => {
        expect(await app.objectIds()).toEqual(['b']);
        expect(app).toBeInstanceOf(ObjectManager);
      });
      await db.close();
    });

    it('rolls back a failed unit of work', async () => {
      const db = await openTreeDb();
      await inTxn(db, (app) => app.setObject('a', new Folder('a')));
      await expect(
        inTxn(db, async (app) => {
          await app.delObject('a');
          throw new NotFoundError('boom');
        }),
      ).rejects.toThrow('boom');
      await inTxn(db, async (app) => expect(await app.objectIds()).toEqual(['a']));
      await db.close();
    });
  });
});
