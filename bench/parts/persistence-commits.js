'use strict';
/**
 * Bench part: single-object commits per second through SqliteStorage's two-phase commit
 * (newOid, tpcBegin, store, tpcVote, tpcFinish: one new object per transaction) against raw
 * better-sqlite3 running the same INSERT in its own transaction, same schema and pragmas
 * (WAL, synchronous=NORMAL). Target: the storage reaches at least half the raw rate.
 *
 * Protocol (bench/parts/*.js): prints exactly one JSON line `{"results":[...]}` on stdout;
 * progress goes to stderr. Run it alone with `node bench/parts/persistence-commits.js`.
 */
require('../../packages/core/test/fixtures/register-ts');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Database = require('better-sqlite3');
const { SqliteStorage } = require('../../packages/core/src/persistence/sqlite-storage');
const { SQLITE_SCHEMA } = require('../../packages/core/src/persistence/sqlite-statements');

const ROUNDS = 3;
const ROUND_MS = Number(process.env.BENCH_ROUND_MS) || 1000; // x ROUNDS = ~3 s per contender
const STATE = JSON.stringify({ title: 'A document', body: 'x'.repeat(200), tags: ['a', 'b'] });

/**
 * Commits through the Storage API for `ms`, one new object per transaction (or, with `update`,
 * a new revision of one object, which also deletes the replaced row); returns [commits, ms].
 */
async function storageRound(file, ms, update = false) {
  const storage = new SqliteStorage({ path: file, synchronous: 'normal' });
  let commits = 0;
  let serial = 0;
  const start = performance.now();
  const end = start + ms;
  while (performance.now() < end) {
    const oid = update ? 1 : await storage.newOid();
    const txn = {};
    await storage.tpcBegin(txn);
    storage.store(txn, { oid, baseSerial: serial, className: 'Document', state: STATE });
    await storage.tpcVote(txn);
    const tid = await storage.tpcFinish(txn);
    if (update) serial = tid;
    commits += 1;
  }
  const elapsed = performance.now() - start;
  await storage.close();
  return [commits, elapsed];
}

/** The same INSERTs with raw better-sqlite3, one transaction each; returns [commits, ms]. */
function rawRound(file, ms) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SQLITE_SCHEMA);
  const insert = db.prepare('INSERT INTO objects (oid, tid, class, state) VALUES (?, ?, ?, ?)');
  const commit = db.transaction((n) => insert.run(n, n, 'Document', STATE));
  let commits = 0;
  const start = performance.now();
  const end = start + ms;
  while (performance.now() < end) {
    commits += 1;
    commit(commits);
  }
  const elapsed = performance.now() - start;
  db.close();
  return [commits, elapsed];
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-bench-commits-'));
  const totals = { storage: [0, 0], raw: [0, 0] };
  let updates = [0, 0];
  try {
    // Warm-up (JIT, file creation), not counted.
    await storageRound(path.join(dir, 'warm-storage.sqlite'), 200);
    rawRound(path.join(dir, 'warm-raw.sqlite'), 200);
    // Alternate the contenders so that machine noise hits both alike.
    for (let round = 0; round < ROUNDS; round += 1) {
      const s = await storageRound(path.join(dir, `storage-${round}.sqlite`), ROUND_MS);
      const r = rawRound(path.join(dir, `raw-${round}.sqlite`), ROUND_MS);
      totals.storage[0] += s[0];
      totals.storage[1] += s[1];
      totals.raw[0] += r[0];
      totals.raw[1] += r[1];
      global.gc?.();
      process.stderr.write(
        `round ${round}: storage ${Math.round((s[0] * 1000) / s[1])}/s, ` +
          `raw ${Math.round((r[0] * 1000) / r[1])}/s\n`,
      );
    }
    updates = await storageRound(path.join(dir, 'update.sqlite'), ROUND_MS, true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const value = Math.round((totals.storage[0] * 1000) / totals.storage[1]);
  const baseline = Math.round((totals.raw[0] * 1000) / totals.raw[1]);
  const ratio = Math.round((value / baseline) * 1000) / 1000;
  const result = {
    name: 'sqlite single-object commits/s',
    value,
    unit: 'commits/s',
    baseline: { name: 'raw better-sqlite3', value: baseline },
    ratio,
    target: '>= 0.5',
    pass: ratio >= 0.5,
  };
  const update = {
    name: 'sqlite single-object update commits/s',
    value: Math.round((updates[0] * 1000) / updates[1]),
    unit: 'commits/s',
    baseline: null,
    ratio: null,
    target: null,
    pass: null,
  };
  process.stdout.write(`${JSON.stringify({ results: [result, update] })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
