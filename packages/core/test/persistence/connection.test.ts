import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Broken,
  ClassRegistry,
  ConflictError,
  Database,
  MemoryStorage,
  Persistent,
  PersistentMapping,
  SqliteStorage,
  TransactionManager,
  UnmarkedMutationError,
} from '@zoa/core/persistence';
import type { Storage } from '@zoa/core/persistence';

class Box extends Persistent {
  value: unknown = null;
  child: Box | null = null;
  list: string[] = [];

  set(value: unknown): void {
    this.value = value;
    this.markChanged();
  }
}

/** Merges concurrent additions to `count` (old + both deltas). */
class Counter extends Persistent {
  count = 0;

  add(n: number): void {
    this.count += n;
    this.markChanged();
  }

  static resolveConflict(
    old: { count: number },
    committed: { count: number },
    mine: { count: number },
  ) {
    return { count: committed.count + mine.count - old.count };
  }
}

const registry = new ClassRegistry();
registry.register('PersistentMapping', PersistentMapping);
registry.register('Box', Box);
registry.register('Counter', Counter);

const tm = new TransactionManager();

async function openDb(storage: Storage = new MemoryStorage(), name = 'main'): Promise<Database> {
  return Database.open(storage, { registry, name, devChecks: true });
}

async function rootOf(db: Database, txn: ReturnType<TransactionManager['begin']>) {
  return (await txn.open(db)).root<PersistentMapping>();
}

describe('Connection', () => {
  it('stores objects reachable from the root and loads them lazily as ghosts', async () => {
    const db = await openDb();
    await tm.run(async (txn) => {
      const root = await rootOf(db, txn);
      const box = new Box();
      box.child = new Box();
      box.child.set('deep');
      root.set('box', box);
    });
    // another database object on the same storage: its connections have loaded nothing yet
    const reader = new Database(db.storage, { registry, name: 'reader' });
    await tm.run(async (txn) => {
      const conn = await txn.open(reader);
      const root = await conn.root<PersistentMapping<Box>>();
      const box = root.get('box') as Box;
      // referenced objects are known by oid but not loaded yet
      expect(box._p_status).toBe('ghost');
      await box.activate();
      const child = box.child as Box;
      expect(child._p_status).toBe('ghost');
      await child.activate();
      expect(child.value).toBe('deep');
      expect(child._p_oid).toBeGreaterThan(0);
    });
  });

  it('keeps one object per oid within a connection (identity map)', async () => {
    const db = await openDb();
    await tm.run(async (txn) => {
      const root = await rootOf(db, txn);
      const shared = new Box();
      root.set('a', shared);
      root.set('b', shared);
    });
    await tm.run(async (txn) => {
      const root = await rootOf(db, txn);
      expect(root.get('a')).toBe(root.get('b'));
      const conn = await txn.open(db);
      expect(await conn.get((root.get('a') as Box)._p_oid as number)).toBe(root.get('a'));
    });
  });

  it('keeps its own committed writes loaded for its next transaction', async () => {
    const db = await openDb();
    let first: Box | undefined;
    await tm.run(async (txn) => {
      first = new Box();
      first.set('mine');
      (await rootOf(db, txn)).set('box', first);
    });
    await tm.run(async (txn) => {
      const box = (await rootOf(db, txn)).get('box') as Box;
      expect(box).toBe(first);
      expect(box._p_status).toBe('saved');
    });
  });

  it('reloads an object another transaction wrote after its own commit', async () => {
    const db = await openDb();
    await tm.run(async (txn) => (await rootOf(db, txn)).set('box', new Box()));
    const a = tm.begin();
    const b = tm.begin();
    (await ((await rootOf(db, a)).get('box') as Box).activate()).set(1);
    await rootOf(db, b); // a second connection, idle
    await a.commit(); // connection A wrote box at this tid
    await b.abort();
    // whichever connection runs next, the other one later sees the newer write
    await tm.run(async (txn) =>
      ((await rootOf(db, txn)).get('box') as Box).activate().then((box) => box.set(2)),
    );
    const readers = [tm.begin(), tm.begin()];
    for (const txn of readers) {
      const box = await ((await rootOf(db, txn)).get('box') as Box).activate();
      expect(box.value).toBe(2);
    }
    for (const txn of readers) await txn.abort();
  });

  it('commits a transaction that changed nothing without a new transaction id', async () => {
    const db = await openDb();
    await tm.run(async (txn) => (await rootOf(db, txn)).set('box', new Box()));
    const before = await db.storage.lastTransaction();
    await tm.run(async (txn) => {
      await ((await rootOf(db, txn)).get('box') as Box).activate();
    });
    expect(await db.storage.lastTransaction()).toBe(before);
  });

  it('opens on a root another process created at the same moment', async () => {
    const storage = new MemoryStorage();
    const [a, b] = await Promise.all([
      Database.open(storage, { registry, name: 'a' }),
      Database.open(storage, { registry, name: 'b' }),
    ]);
    await tm.run(async (txn) => expect(await rootOf(a, txn)).toBeInstanceOf(PersistentMapping));
    await tm.run(async (txn) => expect(await rootOf(b, txn)).toBeInstanceOf(PersistentMapping));
  });

  it('packs away objects no longer reachable from the root and keeps the rest', async () => {
    const db = await openDb();
    await tm.run(async (txn) => {
      const root = await rootOf(db, txn);
      const kept = new Box();
      kept.child = new Box();
      root.set('kept', kept);
      const dropped = new Box();
      dropped.child = new Box();
      root.set('dropped', dropped);
    });
    await tm.run(async (txn) => void (await rootOf(db, txn)).delete('dropped'));
    expect((await db.storage.stats()).objects).toBe(5);
    expect(await db.pack()).toEqual({ removed: 2 });
    expect((await db.storage.stats()).objects).toBe(3);
    await tm.run(async (txn) => {
      const kept = await ((await rootOf(db, txn)).get('kept') as Box).activate();
      expect(await (kept.child as Box).activate()).toBeInstanceOf(Box);
    });
  });

  it('leaves nothing behind when the transaction aborts', async () => {
    const db = await openDb();
    await expect(
      tm.run(async (txn) => {
        const root = await rootOf(db, txn);
        root.set('temp', new Box());
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await tm.run(async (txn) => {
      const root = await rootOf(db, txn);
      expect(root.has('temp')).toBe(false);
    });
    expect((await db.storage.stats()).objects).toBe(1);
  });

  it('gives a reader the state as of its start while another transaction commits', async () => {
    const db = await openDb();
    await tm.run(async (txn) => {
      const root = await rootOf(db, txn);
      const a = new Box();
      const b = new Box();
      a.set(1);
      b.set(1);
      root.set('a', a);
      root.set('b', b);
    });
    const reader = tm.begin();
    const readerRoot = await rootOf(db, reader);
    const a = await (readerRoot.get('a') as Box).activate();
    expect(a.value).toBe(1);

    await tm.run(async (txn) => {
      const root = await rootOf(db, txn);
      const a2 = await (root.get('a') as Box).activate();
      const b2 = await (root.get('b') as Box).activate();
      a2.set(2);
      b2.set(2);
      root.set('c', new Box());
    });

    // b was never loaded by the reader before the commit: it still sees the old revision
    const b = await (readerRoot.get('b') as Box).activate();
    expect(a.value).toBe(1);
    expect(b.value).toBe(1);
    expect(readerRoot.has('c')).toBe(false);
    await reader.abort();

    await tm.run(async (txn) => {
      const root = await rootOf(db, txn);
      expect((await (root.get('b') as Box).activate()).value).toBe(2);
      expect(root.has('c')).toBe(true);
    });
  });

  it('raises ConflictError for the second of two writers of one object (first committer wins)', async () => {
    const db = await openDb();
    await tm.run(async (txn) => (await rootOf(db, txn)).set('box', new Box()));
    const t1 = tm.begin();
    const t2 = tm.begin();
    const box1 = await ((await rootOf(db, t1)).get('box') as Box).activate();
    const box2 = await ((await rootOf(db, t2)).get('box') as Box).activate();
    box1.set('one');
    box2.set('two');
    await t1.commit();
    await expect(t2.commit()).rejects.toBeInstanceOf(ConflictError);
    expect(t2.status).toBe('aborted');
    await tm.run(async (txn) => {
      const box = await ((await rootOf(db, txn)).get('box') as Box).activate();
      expect(box.value).toBe('one');
    });
  });

  it('merges concurrent writes through the class resolveConflict', async () => {
    const db = await openDb();
    await tm.run(async (txn) => (await rootOf(db, txn)).set('counter', new Counter()));
    const txns = [tm.begin(), tm.begin(), tm.begin()];
    for (const txn of txns) {
      const counter = await ((await rootOf(db, txn)).get('counter') as Counter).activate();
      counter.add(1);
    }
    for (const txn of txns) await txn.commit();
    await tm.run(async (txn) => {
      const counter = await ((await rootOf(db, txn)).get('counter') as Counter).activate();
      expect(counter.count).toBe(3);
    });
  });

  it('retries a conflicting unit of work in TransactionManager.run', async () => {
    const db = await openDb();
    await tm.run(async (txn) => (await rootOf(db, txn)).set('box', new Box()));
    const increment = () =>
      tm.run(
        async (txn) => {
          const box = await ((await rootOf(db, txn)).get('box') as Box).activate();
          await new Promise((resolve) => setImmediate(resolve));
          box.set(((box.value as number | null) ?? 0) + 1);
        },
        { retries: 20 },
      );
    await Promise.all(Array.from({ length: 10 }, increment));
    await tm.run(async (txn) => {
      const box = await ((await rootOf(db, txn)).get('box') as Box).activate();
      expect(box.value).toBe(10);
    });
  });

  it('reports an object changed without markChanged() at commit in dev mode', async () => {
    const db = await openDb();
    await tm.run(async (txn) => (await rootOf(db, txn)).set('box', new Box()));
    await expect(
      tm.run(async (txn) => {
        const box = await ((await rootOf(db, txn)).get('box') as Box).activate();
        box.list.push('lost');
      }),
    ).rejects.toThrow(UnmarkedMutationError);
    await expect(
      tm.run(async (txn) => {
        const box = await ((await rootOf(db, txn)).get('box') as Box).activate();
        box.list.push('lost');
      }),
    ).rejects.toThrow(/Box \(oid \d+\) was changed without markChanged\(\)/);
  });

  it('loads a record of an unknown class as Broken and saves it back unchanged', async () => {
    const storage = new MemoryStorage();
    const full = await Database.open(storage, { registry, devChecks: true });
    await tm.run(async (txn) => {
      const box = new Box();
      box.set({ keep: ['me'] });
      (await rootOf(full, txn)).set('box', box);
    });
    const before = await storage.load(1);

    const partial = new ClassRegistry();
    partial.register('PersistentMapping', PersistentMapping);
    const db = await Database.open(storage, { registry: partial, name: 'partial' });
    await tm.run(async (txn) => {
      const root = await rootOf(db, txn);
      const broken = await (root.get('box') as Persistent).activate();
      expect(broken).toBeInstanceOf(Broken);
      expect((broken as Broken)._v_brokenClassName).toBe('Box');
      root.set('other', 1);
      (root.get('box') as Persistent)._p_jar?.register(broken);
    });
    const after = await storage.load(1);
    expect(after?.className).toBe('Box');
    expect(after?.state).toBe(before?.state);
  });

  it('holds what was committed after a SQLite database is reopened', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-conn-'));
    try {
      const file = path.join(dir, 'Data.sqlite');
      const db = await openDb(new SqliteStorage({ path: file }));
      await tm.run(async (txn) => {
        const box = new Box();
        box.set(new Map([['when', new Date(0)]]));
        (await rootOf(db, txn)).set('box', box);
      });
      await db.close();
      const reopened = await openDb(new SqliteStorage({ path: file }));
      await tm.run(async (txn) => {
        const box = await ((await rootOf(reopened, txn)).get('box') as Box).activate();
        expect(box.value).toEqual(new Map([['when', new Date(0)]]));
      });
      await reopened.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Transaction', () => {
  it('commits across two databases or in neither when one vote fails', async () => {
    const databases = new Map<string, Database>();
    const main = await Database.open(new MemoryStorage(), { registry, name: 'main', databases });
    const failing = new MemoryStorage();
    const other = await Database.open(failing, { registry, name: 'other', databases });
    await tm.run(async (txn) => {
      (await rootOf(main, txn)).set('x', 1);
      const conn = await (await txn.open(main)).getConnection('other');
      (await conn.root<PersistentMapping>()).set('y', 1);
    });
    const vote = failing.tpcVote.bind(failing);
    failing.tpcVote = async () => {
      throw new Error('disk full');
    };
    await expect(
      tm.run(async (txn) => {
        (await rootOf(main, txn)).set('x', 2);
        (await rootOf(other, txn)).set('y', 2);
      }),
    ).rejects.toThrow('disk full');
    failing.tpcVote = vote;
    await tm.run(async (txn) => {
      expect((await rootOf(main, txn)).get('x')).toBe(1);
      expect((await rootOf(other, txn)).get('y')).toBe(1);
    });
  });

  it('refuses to be used after it is over', async () => {
    const db = await openDb();
    const txn = tm.begin();
    await txn.open(db);
    await txn.commit();
    expect(txn.status).toBe('committed');
    expect(() => txn.open(db)).toThrow('Transaction is committed');
  });
});
