import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Storage } from '@zoa/core';
import { MemoryStorage, SqliteStorage } from '@zoa/core';
import { TemporaryStorage } from '@zoa/temporary-folder';
import { MaxTransientObjectsExceeded, TransientObject } from '@zoa/sessions';
import type { TimesliceIndex } from '../../src/transience/timeslice-index';
import { containerDatabase, recordingStorage } from './fixtures/container-database';
import { FakeClock } from './fixtures/fake-clock';

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function sqliteFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-transience-'));
  tempDirs.push(dir);
  return path.join(dir, 'Data.sqlite');
}

/** A storage to test with, and for a file storage a way to open its file again. */
interface StorageCase {
  storage: Storage;
  reopen?: () => Storage;
}

describe.each<[string, () => StorageCase]>([
  ['MemoryStorage', () => ({ storage: new MemoryStorage() })],
  ['TemporaryStorage', () => ({ storage: new TemporaryStorage() })],
  [
    'SqliteStorage',
    () => {
      const file = sqliteFile();
      return {
        storage: new SqliteStorage({ path: file }),
        reopen: () => new SqliteStorage({ path: file }),
      };
    },
  ],
])('TransientObjectContainer stored in a database (%s)', (_name, makeStorage) => {
  it('keeps session data across transactions and when reloaded', async () => {
    const { storage, reopen } = makeStorage();
    const clock = new FakeClock();
    const first = await containerDatabase(storage, { timeoutMinutes: 1 }, clock);
    const id = await first.run(async (toc) => {
      const session = await toc.newOrExisting('bid');
      session.set('cart', ['book']);
      return session.getId();
    });
    clock.advance(30);
    await first.run(async (toc) => {
      const session = await toc.newOrExisting('bid');
      expect(session.getId()).toBe(id);
      session.set('count', 1);
    });
    // A file storage is opened again by a new database: nothing comes from a cache.
    if (reopen) await first.db.close();
    const second = reopen ? await containerDatabase(reopen(), {}, clock) : first;
    await second.run(async (toc) => {
      expect(toc.getTimeoutMinutes()).toBe(1);
      const session = (await toc.getItem('bid')) as TransientObject;
      expect(session).toBeInstanceOf(TransientObject);
      expect(session.getId()).toBe(id);
      expect(session.items()).toEqual([
        ['cart', ['book']],
        ['count', 1],
      ]);
      expect(session.getLastModified()).toBe(clock.ms);
      expect(await toc.length).toBe(1);
      expect(await toc.keys()).toEqual(['bid']);
    });
    await second.db.close();
  });

  it('expires stored items and notifies through a stored path resolved at run time', async () => {
    const clock = new FakeClock();
    const { run, db } = await containerDatabase(
      makeStorage().storage,
      { timeoutMinutes: 1, delNotification: '/on_delete' },
      clock,
    );
    await run(async (toc) => {
      await toc.new('a');
      await toc.set('b', { plain: true });
    });
    clock.advance(80);
    const deleted: unknown[] = [];
    await run(async (toc) => {
      toc.setPathResolver((p) => (p === '/on_delete' ? (item) => deleted.push(item) : undefined));
      expect(await toc.has('a')).toBe(false);
    });
    expect(deleted).toHaveLength(2);
    expect(deleted[0]).toBeInstanceOf(TransientObject);
    expect(deleted[1]).toEqual({ plain: true });
    await run(async (toc) => expect(await toc.length).toBe(0));
    await db.close();
  });

  it('keeps a session it loads for that transaction only; one kept past it cannot be used', async () => {
    const { storage } = makeStorage();
    const clock = new FakeClock();
    const { run } = await containerDatabase(storage, { timeoutMinutes: 1 }, clock);
    await run(async (toc) => (await toc.new('bid')).set('n', 1));
    // a second database on the same storage loads the session (the first cached what it made)
    const loader = await containerDatabase(storage, {}, clock);
    const kept = await loader.run(async (toc) => {
      const session = (await toc.getItem('bid')) as TransientObject;
      expect(await toc.getItem('bid')).toBe(session); // one object within the transaction
      session.set('n', 2);
      return session;
    });
    expect(() => kept.get('n')).toThrow(TypeError); // a ghost: its state is gone
    await expect(kept.activate()).rejects.toThrow(/transaction that has ended.*get it again/);
    await loader.run(async (toc) => {
      const session = (await toc.getItem('bid')) as TransientObject;
      expect(session).not.toBe(kept);
      expect(session.get('n')).toBe(2);
    });
  });

  it('drops stored data when setTimeoutMinutes changes the timeout', async () => {
    const { run, db } = await containerDatabase(makeStorage().storage);
    await run(async (toc) => {
      await toc.new('a');
    });
    await run(async (toc) => toc.setTimeoutMinutes(5));
    await run(async (toc) => {
      expect(toc.getTimeoutMinutes()).toBe(5);
      expect(await toc.keys()).toEqual([]);
    });
    await db.close();
  });
});

describe('TransientObjectContainer writes', () => {
  it('writes nothing when an item is touched again in the same timeslice', async () => {
    const { storage, commits } = recordingStorage(new MemoryStorage());
    const { run } = await containerDatabase(storage, { timeoutMinutes: 1 });
    await run((toc) => toc.new('bid'));
    const before = commits.length;
    await run(async (toc) => {
      await toc.get('bid');
      await toc.has('bid');
      await toc.newOrExisting('bid');
    });
    expect(commits.slice(before).flat()).toEqual([]);
  });

  it('moves an item to a newer slice at most once per period, writing only its entries bucket', async () => {
    const { storage, commits } = recordingStorage(new MemoryStorage());
    const { run, clock } = await containerDatabase(storage, { timeoutMinutes: 1 });
    clock.at(0);
    await run((toc) => toc.set('bid', 'plain value'));
    clock.at(20);
    await run((toc) => toc.get('bid'));
    // The key index bucket only: the timeline entry stays behind until housekeeping reaches it.
    expect(commits.at(-1)).toEqual(['BTreeBucket']);
    clock.at(39.999);
    const before = commits.length;
    await run((toc) => toc.get('bid'));
    expect(commits.slice(before).flat()).toEqual([]);
  });

  it('touches a session in a newer slice by writing the session only, never the index', async () => {
    const { storage, commits } = recordingStorage(new MemoryStorage());
    const { run, clock } = await containerDatabase(storage, { timeoutMinutes: 1 });
    clock.at(0);
    await run((toc) => toc.new('bid'));
    clock.at(20);
    await run((toc) => toc.get('bid'));
    // the session records the slice of its touch itself: no key index bucket is rewritten
    expect(commits.at(-1)).toEqual(['TransientObject']);
    clock.at(29.999); // the same slice, lastAccessed less than 30 s old: nothing to write
    const before = commits.length;
    await run((toc) => toc.get('bid'));
    expect(commits.slice(before).flat()).toEqual([]);
    // last touched in slice 20: live through slice 80, gone in slice 100
    clock.at(99.999);
    expect(await run((toc) => toc.has('bid'))).toBe(true);
  });

  it('catches an entry up with its session when housekeeping reaches it, then finds it without loading the session', async () => {
    const { run, clock } = await containerDatabase(new MemoryStorage(), { timeoutMinutes: 1 });
    clock.at(0);
    await run((toc) => toc.new('bid'));
    clock.at(40);
    const slice40 = clock.ms / 1000;
    await run((toc) => toc.get('bid')); // recorded on the session only, slice 40
    clock.at(80); // cutoff 20: the timeline entry at slice 0 is due, the session is not
    expect(await run((toc) => toc.housekeep())).toBe(1);
    await run(async (toc) => {
      const index = (toc as unknown as { data: TimesliceIndex }).data;
      expect((await index.lookup('bid'))?.[0]).toBe(slice40);
      expect(await index.expired(999_999_999_999, 10)).toEqual([['bid', slice40]]);
    });
    clock.at(120); // slice 120 > 40 + T: expired, and finalized by the next full sweep
    expect(await run((toc) => toc.housekeep())).toBe(1);
    expect(await run((toc) => toc.length)).toBe(0);
  });

  it('rewrites lastAccessed at most once every 30 s (write clustering)', async () => {
    const { storage, commits } = recordingStorage(new MemoryStorage());
    const { run, clock } = await containerDatabase(storage, { timeoutMinutes: 0 });
    await run((toc) => toc.new('bid'));
    clock.advance(30);
    let before = commits.length;
    await run((toc) => toc.get('bid'));
    expect(commits.slice(before).flat()).toEqual([]);
    clock.advance(0.001);
    before = commits.length;
    await run((toc) => toc.get('bid'));
    expect(commits.slice(before).flat()).toEqual(['TransientObject']);
  });

  it('writes a few small records for a new session in a container of 2,000', async () => {
    const { storage, commits } = recordingStorage(new MemoryStorage());
    const { run } = await containerDatabase(storage, { timeoutMinutes: 1 });
    await run(async (toc) => {
      for (let i = 0; i < 2000; i += 1) await toc.new(`bid${String(i).padStart(5, '0')}`);
    });
    await run((toc) => toc.new('bid01000x'));
    const written = commits.at(-1) ?? [];
    expect(written).toEqual(expect.arrayContaining(['TransientObject', 'BTreeBucket', 'Length']));
    expect(written.length).toBeLessThanOrEqual(8);
    expect(written).not.toContain('TransientObjectContainer');
    expect(written).not.toContain('TimesliceIndex');
  });

  it('answers MaxTransientObjectsExceeded when a stored container is full (R-06)', async () => {
    const { run } = await containerDatabase(new MemoryStorage(), { limit: 2 });
    await run(async (toc) => {
      await toc.new('a');
      await toc.new('b');
    });
    await expect(run((toc) => toc.new('c'))).rejects.toBeInstanceOf(MaxTransientObjectsExceeded);
    await run(async (toc) => expect(await toc.keys()).toEqual(['a', 'b']));
  });
});
