// Two real node processes commit to one schema at the same time; the parent then checks that
// every commit they reported is there, and that the commit lock gave each one its own tid.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PostgresStorage, ROOT_OID } from '@zoa/core/persistence';
import { PG_URL, describePg, dropSchema, testSchemaName } from './fixtures/postgres-test-schema';

/** One commit a child reported. */
interface Report {
  writer: string;
  i: number;
  tid: number;
  oid: number;
}

const CHILD = path.join(__dirname, 'fixtures', 'postgres-commit-child.js');
const COMMITS_PER_WRITER = 40;

/** A writer process: `ready` once it opened the storage; `go()` starts its commits. */
interface Writer {
  ready: Promise<void>;
  go(): void;
  /** What it reported, once it exited 0. */
  done: Promise<Report[]>;
}

function startWriter(schema: string, writer: string): Writer {
  const args = [CHILD, PG_URL as string, schema, writer, String(COMMITS_PER_WRITER)];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let signalReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) signalReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<Report[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`writer ${writer} exited with ${String(code)}:\n${stderr}`));
        return;
      }
      const lines = stdout.trim().split('\n').slice(1); // after `ready`
      resolve(lines.map((line) => JSON.parse(line) as Report));
    });
  });
  return {
    ready: Promise.race([ready, done.then(() => undefined)]),
    go: () => child.stdin.end('go\n'),
    done,
  };
}

describePg('PostgresStorage in two processes', () => {
  let schema: string;
  let storage: PostgresStorage;

  beforeEach(async () => {
    schema = testSchemaName();
    storage = await PostgresStorage.open({ connectionString: PG_URL, schema, poolSize: 2 });
  });

  afterEach(async () => {
    await storage.close();
    await dropSchema(schema);
  });

  it('keeps every reported commit, with unique gapless tids, when two processes commit at once', async () => {
    const txn = {};
    await storage.tpcBegin(txn);
    const rootState = JSON.stringify({ count: 0, writers: {} });
    storage.store(txn, { oid: ROOT_OID, baseSerial: 0, className: 'Root', state: rootState });
    await storage.tpcVote(txn);
    const first = await storage.tpcFinish(txn);
    const snapshot = await storage.openSnapshot(null);

    const writers = [startWriter(schema, 'a'), startWriter(schema, 'b')];
    await Promise.all(writers.map((writer) => writer.ready));
    for (const writer of writers) writer.go();
    const reports = (await Promise.all(writers.map((writer) => writer.done))).flat();

    expect(reports.length).toBeGreaterThanOrEqual(2 * COMMITS_PER_WRITER);
    const tids = reports.map((report) => report.tid).sort((x, y) => x - y);
    const expected = Array.from({ length: reports.length }, (_, i) => first + 1 + i);
    expect(tids).toEqual(expected); // unique, and no tid lost or skipped
    expect(new Set(reports.map((report) => report.oid)).size).toBe(reports.length);
    // Their commits interleave (each writer goes on until it has built on the other's).
    const tidsOf = (writer: string) => reports.filter((r) => r.writer === writer).map((r) => r.tid);
    expect(Math.min(...tidsOf('a'))).toBeLessThan(Math.max(...tidsOf('b')));
    expect(Math.min(...tidsOf('b'))).toBeLessThan(Math.max(...tidsOf('a')));
    for (const { writer, i, tid, oid } of reports) {
      const record = await storage.load(oid);
      expect(record).toMatchObject({ oid, serial: tid, className: 'Note' });
      expect(JSON.parse(record!.state)).toEqual({ writer, i });
    }
    const root = await storage.load(ROOT_OID);
    expect(JSON.parse(root!.state)).toEqual({
      count: reports.length,
      writers: { a: tidsOf('a').length, b: tidsOf('b').length },
    });
    expect(root!.serial).toBe(tids.at(-1));
    expect(await storage.lastTransaction()).toBe(tids.at(-1));
    // What this process learns from the change log about the others' commits:
    const after = await storage.openSnapshot(snapshot.tid);
    expect(new Set(after.changed)).toEqual(new Set([ROOT_OID, ...reports.map((r) => r.oid)]));
    storage.closeSnapshot(snapshot.tid);
    storage.closeSnapshot(after.tid);
  });
});
