import { BadRequestError } from '@zoa/core';
import { MemoryStorage } from '@zoa/core/persistence';
import { BTreeFolder, File, Folder, Item, objectEvents } from '@zoa/core/tree';
import { CountingStorage, inTxn, openTreeDb } from './fixtures/tree-db';

const childId = (n: number): string => `item-${String(n).padStart(6, '0')}`;

describe('BTreeFolder', () => {
  it('has the folder API, with children sorted by id', async () => {
    const folder = new BTreeFolder('big', 'Big');
    await folder.setObject('b', new Folder('b'));
    await folder.setObject('a', new File('a', 'x'));
    await folder.setObject('c', new Item('c'));
    expect(await folder.objectIds()).toEqual(['a', 'b', 'c']);
    expect(await folder.objectIds('File')).toEqual(['a']);
    expect((await folder.objectValues()).map((o) => o.__parent__ === folder)).toEqual([
      true,
      true,
      true,
    ]);
    expect(await folder.objectCount()).toBe(3);
    expect(await folder.get('__proto__')).toBeUndefined();
    expect(await folder.publishTraverse('constructor')).toBeUndefined();
    await folder.renameObject('a', 'z');
    expect(await folder.objectIds()).toEqual(['b', 'c', 'z']);
    await folder.delObjects(['b', 'c']);
    expect(await folder.objectIds()).toEqual(['z']);
    await expect(folder.setObject('z', new Item('z'))).rejects.toBeInstanceOf(BadRequestError);
    expect(folder.isOrderable).toBe(false);
    expect(folder.metaType).toBe('BTreeFolder');
  });

  it('pages by offset and by an after cursor (which need not be a child)', async () => {
    const folder = new BTreeFolder('big');
    for (let n = 0; n < 200; n += 1) await folder.setObject(childId(n), new Item(childId(n)));
    expect(await folder.objectIds(undefined, { limit: 3 })).toEqual([
      childId(0),
      childId(1),
      childId(2),
    ]);
    expect(await folder.objectIds(undefined, { start: 150, limit: 2 })).toEqual([
      childId(150),
      childId(151),
    ]);
    expect(await folder.objectIds(undefined, { after: childId(198) })).toEqual([childId(199)]);
    expect(await folder.objectIds(undefined, { after: `${childId(9)}-x`, limit: 1 })).toEqual([
      childId(10),
    ]);
    const page = await folder.objectValues(undefined, { after: childId(49), limit: 50 });
    expect(page.map((o) => o.id)).toEqual(Array.from({ length: 50 }, (_, i) => childId(50 + i)));
  });

  it('dispatches subtree events to its children', async () => {
    const root = new Folder('root');
    const big = new BTreeFolder('big');
    await big.setObject('x', new Item('x'));
    await root.setObject('big', big);
    const seen: string[] = [];
    const stop = objectEvents.subscribe((target, e) => void seen.push(`${e.type}:${target.id}`), {
      types: ['will-remove'],
    });
    try {
      await root.delObject('big');
    } finally {
      stop();
    }
    expect(seen).toEqual(['will-remove:big', 'will-remove:x']);
  });

  it('persists and reloads in a new transaction', async () => {
    const db = await openTreeDb();
    await inTxn(db, async (app) => {
      const big = await app.setObject('big', new BTreeFolder('big'));
      for (let n = 0; n < 500; n += 1)
        await big.setObject(childId(n), new Item(childId(n), `#${n}`));
    });
    await inTxn(db, async (app) => {
      const big = (await app.get('big')) as BTreeFolder;
      expect(await big.objectCount()).toBe(500);
      const child = await big.get(childId(321));
      expect(child?.title).toBe('#321');
      expect(child?.getPath()).toBe(`/big/${childId(321)}`);
    });
    await db.close();
  });

  it('writes a bounded number of records to add one child to 100,000', async () => {
    const storage = new CountingStorage(new MemoryStorage());
    const db = await openTreeDb(storage);
    await inTxn(db, (app) => app.setObject('big', new BTreeFolder('big')));
    const perAdd = async (label: string): Promise<number[]> => {
      const written: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        storage.reset();
        const id = `${childId(i * 1000 + 500)}-${label}`;
        await inTxn(db, async (app) => {
          await ((await app.get('big')) as BTreeFolder).setObject(id, new Item(id));
        });
        written.push(storage.stores);
      }
      return written;
    };
    const fill = async (from: number, to: number): Promise<void> => {
      for (let start = from; start < to; start += 10_000) {
        await inTxn(db, async (app) => {
          const big = (await app.get('big')) as BTreeFolder;
          for (let n = start; n < Math.min(to, start + 10_000); n += 1) {
            await big.setObject(childId(n), new Item(childId(n)));
          }
        });
      }
    };
    await fill(0, 1_000);
    const atOneThousand = await perAdd('at-1k');
    await fill(1_000, 100_000);
    const atOneHundredThousand = await perAdd('at-100k');
    // the child, its bucket and the B-tree's size counter (a split would add a bucket and a node)
    expect(Math.max(...atOneThousand)).toBeLessThanOrEqual(5);
    expect(Math.max(...atOneHundredThousand)).toBeLessThanOrEqual(5);
    expect(atOneHundredThousand).toEqual([3, 3, 3, 3, 3]);
    await inTxn(db, async (app) => {
      const big = (await app.get('big')) as BTreeFolder;
      expect(await big.objectCount()).toBe(100_010);
      expect(await big.objectIds(undefined, { limit: 2 })).toEqual([childId(0), childId(1)]);
    });
    await db.close();
  }, 120_000);
});
