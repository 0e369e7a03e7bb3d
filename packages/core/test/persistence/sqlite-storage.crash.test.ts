import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ROOT_OID, SqliteStorage } from '@zoa/core/persistence';

/** One transaction the child reported as finished. */
interface Report {
  txn: number;
  tid: number;
  objects: Array<[oid: number, sha256: string]>;
}

interface BlobState {
  txn: number;
  count: number;
  i: number;
}

const CHILD = path.join(__dirname, 'fixtures', 'sqlite-crash-child.js');
/** How long the child commits before it is killed, measured from its first report. */
const COMMIT_FOR_MS = 1000;
const ROUNDS = 3;

const sha256 = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

/** Runs the child until it has reported commits for COMMIT_FOR_MS, then SIGKILLs it. */
function commitUntilKilled(file: string, children: ChildProcess[]): Promise<Report[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const reports: Report[] = [];
    let firstAt: number | undefined;
    let pending = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (stderr += chunk));
    child.stdout?.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) reports.push(JSON.parse(line) as Report);
      firstAt ??= Date.now();
      if (Date.now() - firstAt >= COMMIT_FOR_MS && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve(reports);
      else reject(new Error(`child exited with ${String(code)} before being killed:\n${stderr}`));
    });
  });
}

/** Every committed non-root row, grouped by tid, read through a second connection. */
function blobsByTid(file: string): Map<number, BlobState[]> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const rows = db
      .prepare<[number], BlobState & { tid: number }>(
        `SELECT tid, state ->> '$.txn' AS txn, state ->> '$.count' AS count, state ->> '$.i' AS i
           FROM objects WHERE oid <> ?`,
      )
      .all(ROOT_OID);
    const groups = new Map<number, BlobState[]>();
    for (const { tid, ...blob } of rows) {
      const group = groups.get(tid) ?? [];
      group.push(blob);
      groups.set(tid, group);
    }
    return groups;
  } finally {
    db.close();
  }
}

describe('SqliteStorage crash safety', () => {
  const children: ChildProcess[] = [];
  let dir = '';

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-sqlite-crash-'));
  });

  afterEach(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every reported transaction and no partial one when the process is SIGKILLed (R-12)', async () => {
    const file = path.join(dir, 'Data.sqlite');
    const all: Report[] = [];
    let unreported = 0; // finished transactions whose child died before printing them
    for (let round = 0; round < ROUNDS; round += 1) {
      const reports = await commitUntilKilled(file, children);
      expect(reports.length).toBeGreaterThan(10);
      all.push(...reports);

      const storage = new SqliteStorage({ path: file });
      expect(storage.integrityCheck()).toEqual([]);
      const lastReported = all[all.length - 1] ?? { txn: 0, tid: 0 };
      const lastTid = await storage.lastTransaction();
      expect(lastTid).toBeGreaterThanOrEqual(lastReported.tid);
      // At most one transaction finished after the last report (killed before it printed).
      expect(lastTid - lastReported.tid).toBeLessThanOrEqual(1);
      unreported += lastTid - lastReported.tid;
      const mismatches: string[] = [];
      for (const report of all) {
        for (const [oid, hash] of report.objects) {
          const record = await storage.load(oid);
          if (record?.serial !== report.tid || sha256(record.state) !== hash) {
            mismatches.push(`txn ${report.txn}: oid ${oid} is ${JSON.stringify(record?.serial)}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
      const root = await storage.load(ROOT_OID);
      expect(root?.serial).toBe(lastTid);
      const rootTxn = (JSON.parse(root?.state ?? '{}') as { lastTxn?: number }).lastTxn ?? 0;
      expect(rootTxn - lastReported.txn).toBe(lastTid - lastReported.tid);
      await storage.close();

      // No partial transaction: every tid holds all the objects its transaction wrote.
      const groups = blobsByTid(file);
      expect(groups.size).toBe(all.length + unreported);
      const partial = [...groups].filter(
        ([tid, blobs]) =>
          tid > lastTid ||
          new Set(blobs.map((b) => b.txn)).size !== 1 ||
          blobs.length !== blobs[0]?.count ||
          blobs.some((b, index) => !blobs.some((other) => other.i === index)),
      );
      expect(partial).toEqual([]);
    }
  });
});
