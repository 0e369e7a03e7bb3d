import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ROOT_OID, SqliteStorage } from '@zoa/core/persistence';
import type { Oid, RecordWrite, Tid } from '@zoa/core/persistence';
import { describeStorageContract } from '@zoa/core/testing';

const tempDirs: string[] = [];

function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-sqlite-'));
  tempDirs.push(dir);
  return path.join(dir, 'Data.sqlite');
}

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describeStorageContract('SqliteStorage', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-sqlite-contract-'));
  const file = path.join(dir, 'Data.sqlite');
  return {
    storage: new SqliteStorage({ path: file }),
    reopen: async () => new SqliteStorage({ path: file }),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

function write(oid: Oid, baseSerial: Tid, state: unknown): RecordWrite {
  return { oid, baseSerial, className: 'Thing', state: JSON.stringify(state) };
}

async function commit(storage: SqliteStorage, writes: RecordWrite[]): Promise<Tid> {
  const txn = {};
  await storage.tpcBegin(txn);
  for (const w of writes) storage.store(txn, w);
  await storage.tpcVote(txn);
  return storage.tpcFinish(txn);
}

/** Rows in the file, read through a second connection (committed data only). */
function rowsIn(file: string): Array<{ oid: number; tid: number }> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db
      .prepare<[], { oid: number; tid: number }>('SELECT oid, tid FROM objects ORDER BY oid, tid')
      .all();
  } finally {
    db.close();
  }
}

describe('SqliteStorage', () => {
  it('uses WAL journaling when it creates a file', async () => {
    const file = tempFile();
    const storage = new SqliteStorage({ path: file, synchronous: 'full' });
    await commit(storage, [write(ROOT_OID, 0, {})]);
    const db = new BetterSqlite3(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await storage.close();
  });

  it('throws at once when the options are invalid', () => {
    expect(() => new SqliteStorage({ path: '' })).toThrow(TypeError);
    const synchronous = 'off' as 'full';
    expect(() => new SqliteStorage({ path: tempFile(), synchronous })).toThrow(TypeError);
  });

  it('deletes old revisions once the oldest snapshot closes and a commit follows', async () => {
    const file = tempFile();
    const storage = new SqliteStorage({ path: file });
    let serial = await commit(storage, [write(1, 0, 1)]);
    const snapshot = await storage.openSnapshot(null);
    serial = await commit(storage, [write(1, serial, 2)]);
    serial = await commit(storage, [write(1, serial, 3)]);
    expect(rowsIn(file)).toHaveLength(3);
    storage.closeSnapshot(snapshot.tid);
    await commit(storage, [write(2, 0, 'other')]);
    expect(rowsIn(file)).toEqual([
      { oid: 1, tid: serial },
      { oid: 2, tid: serial + 1 },
    ]);
    await storage.close();
  });

  it('keeps one row per object when commits happen with no snapshot open', async () => {
    const file = tempFile();
    const storage = new SqliteStorage({ path: file });
    let serial = 0;
    for (let i = 0; i < 20; i += 1) serial = await commit(storage, [write(1, serial, i)]);
    expect(rowsIn(file)).toEqual([{ oid: 1, tid: serial }]);
    await storage.close();
  });

  it('deletes every non-latest revision when it opens a file not closed cleanly', async () => {
    const file = tempFile();
    const storage = new SqliteStorage({ path: file });
    const older = await commit(storage, [write(2, 0, 'other')]);
    const tid = await commit(storage, [write(1, 0, 'latest')]);
    await storage.close();
    const raw = new BetterSqlite3(file);
    raw.prepare("INSERT INTO objects VALUES (1, ?, 'Thing', '\"older\"')").run(older);
    raw.prepare("UPDATE meta SET value = 0 WHERE key = 'clean_shutdown'").run();
    raw.close();
    expect(rowsIn(file)).toHaveLength(3);
    const reopened = new SqliteStorage({ path: file });
    expect(rowsIn(file)).toEqual([
      { oid: 1, tid },
      { oid: 2, tid: older },
    ]);
    expect(reopened.integrityCheck()).toEqual([]);
    await reopened.close();
  });

  it('hides the rows of a voted transaction from loads until it finishes', async () => {
    const storage = new SqliteStorage({ path: tempFile() });
    const tid = await commit(storage, [write(ROOT_OID, 0, 'old')]);
    const txn = {};
    await storage.tpcBegin(txn);
    storage.store(txn, write(ROOT_OID, tid, 'new'));
    storage.store(txn, write(5, 0, 'new'));
    await storage.tpcVote(txn);
    expect(await storage.load(ROOT_OID)).toMatchObject({ serial: tid });
    expect(await storage.load(5, tid + 1)).toBeUndefined();
    expect((await storage.openSnapshot(0)).changed).toEqual([ROOT_OID]);
    expect(await storage.stats()).toMatchObject({ objects: 1, records: 1 });
    expect(await storage.tpcFinish(txn)).toBe(tid + 1);
    expect(await storage.load(5)).toMatchObject({ serial: tid + 1 });
    await storage.close();
  });

  it('reports no problems from integrityCheck on a healthy file and finds broken invariants', async () => {
    const file = tempFile();
    const storage = new SqliteStorage({ path: file });
    await commit(storage, [write(ROOT_OID, 0, {}), write(1, 0, {})]);
    expect(storage.integrityCheck()).toEqual([]);
    const raw = new BetterSqlite3(file);
    raw.prepare("INSERT INTO objects VALUES (1000, 1000, 'Thing', '{}')").run();
    raw.close();
    const problems = storage.integrityCheck();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/tid 1000/),
        expect.stringMatching(/oid 1000/),
      ]),
    );
    await storage.close();
  });

  it('refuses to open a file whose schema version it does not know', async () => {
    const file = tempFile();
    await new SqliteStorage({ path: file }).close();
    const raw = new BetterSqlite3(file);
    raw.prepare("UPDATE meta SET value = 99 WHERE key = 'schema_version'").run();
    raw.close();
    expect(() => new SqliteStorage({ path: file })).toThrow(/schema version 99/);
  });

  it('keeps the tid counter when pack removes the newest rows and the file is reopened', async () => {
    const file = tempFile();
    const storage = new SqliteStorage({ path: file });
    await commit(storage, [write(ROOT_OID, 0, { refs: [] })]);
    const garbageTid = await commit(storage, [write(9, 0, { refs: [] })]);
    expect(await storage.pack(() => [])).toEqual({ removed: 1 });
    // A crash (no clean close) must not let tids go back either: reopen from a file copy.
    const copy = path.join(path.dirname(file), 'Copy.sqlite');
    const raw = new BetterSqlite3(file, { readonly: true });
    await raw.backup(copy);
    raw.close();
    await storage.close();
    for (const reopened of [new SqliteStorage({ path: file }), new SqliteStorage({ path: copy })]) {
      expect(await reopened.lastTransaction()).toBe(garbageTid);
      expect(await reopened.newOid()).toBeGreaterThan(9);
      await reopened.close();
    }
  });
});
