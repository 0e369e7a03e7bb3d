'use strict';
/**
 * Bench part: PostgresStorage against SqliteStorage in the same run — single-object commits per
 * second (newOid, tpcBegin, store, tpcVote, tpcFinish: one new object per transaction; also
 * against a raw pg client running the same INSERT in its own transaction, to show what the
 * fsync of every commit costs by itself), update
 * commits of one object, loads per second at a snapshot, and commits per second with 8
 * concurrent committers on two PostgresStorage instances (two processes' worth of pools sharing
 * the cross-process commit lock). No targets: the figures are for comparison.
 *
 * Needs PostgreSQL: ZOA_BENCH_PG_URL or ZOA_TEST_PG_URL (e.g. postgres://postgres@127.0.0.1/test);
 * without one it reports nothing. Works in its own schema, dropped at the end.
 *
 * Protocol (bench/parts/*.js): prints exactly one JSON line `{"results":[...]}` on stdout;
 * progress goes to stderr. Run it alone with `node bench/parts/persistence-postgres.js`.
 */
require('../../packages/core/test/fixtures/register-ts');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { PostgresStorage, SqliteStorage } = require('@zoa/core/persistence');

const PG_URL = process.env.ZOA_BENCH_PG_URL || process.env.ZOA_TEST_PG_URL;
const ROUNDS = 3;
const ROUND_MS = Number(process.env.BENCH_ROUND_MS) || 1000;
const STATE = JSON.stringify({ title: 'A document', body: 'x'.repeat(200), tags: ['a', 'b'] });

/** One two-phase commit of one write; returns the tid. */
async function commitOne(storage, oid, baseSerial) {
  const txn = {};
  await storage.tpcBegin(txn);
  storage.store(txn, { oid, baseSerial, className: 'Document', state: STATE });
  await storage.tpcVote(txn);
  return storage.tpcFinish(txn);
}

/** Commits for `ms` (new objects, or revisions of one object); returns [commits, ms]. */
async function commitRound(storage, ms, update) {
  let commits = 0;
  let serial = update ? await commitOne(storage, 1, (await storage.load(1))?.serial ?? 0) : 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    const tid = await commitOne(storage, update ? 1 : await storage.newOid(), serial);
    if (update) serial = tid;
    commits += 1;
  }
  return [commits, performance.now() - start];
}

/** The same INSERTs with a raw pg client, one transaction each, on a table like `objects`. */
async function rawRound(client, table, ms) {
  let commits = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    commits += 1;
    await client.query('BEGIN');
    await client.query(`INSERT INTO ${table} VALUES ($1, $1, 'Document', $2)`, [commits, STATE]);
    await client.query('COMMIT');
  }
  await client.query(`TRUNCATE ${table}`);
  return [commits, performance.now() - start];
}

/** Loads the object of oid 1 at a snapshot for `ms`; returns [loads, ms]. */
async function loadRound(storage, ms) {
  const snapshot = await storage.openSnapshot(null);
  let loads = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await storage.load(1, snapshot.tid);
    loads += 1;
  }
  storage.closeSnapshot(snapshot.tid);
  return [loads, performance.now() - start];
}

/** 8 committers (4 per instance) each committing new objects for `ms`; returns [commits, ms]. */
async function concurrentRound(instances, ms) {
  let commits = 0;
  const start = performance.now();
  const committer = async (storage) => {
    while (performance.now() - start < ms) {
      await commitOne(storage, await storage.newOid(), 0);
      commits += 1;
    }
  };
  await Promise.all(instances.flatMap((storage) => [1, 2, 3, 4].map(() => committer(storage))));
  return [commits, performance.now() - start];
}

const rate = ([count, ms]) => Math.round((count * 1000) / ms);
const add = (total, [count, ms]) => [total[0] + count, total[1] + ms];

function figure(name, value, unit, baseline) {
  return {
    name,
    value,
    unit,
    baseline: baseline ? { name: baseline.name, value: baseline.value } : null,
    ratio: baseline ? Math.round((value / baseline.value) * 1000) / 1000 : null,
    target: null,
    pass: null,
  };
}

async function main() {
  if (!PG_URL) {
    process.stderr.write('persistence-postgres: set ZOA_BENCH_PG_URL (or ZOA_TEST_PG_URL)\n');
    process.stdout.write(`${JSON.stringify({ results: [] })}\n`);
    return;
  }
  const schema = `zoa_bench_${crypto.randomBytes(4).toString('hex')}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-bench-pg-'));
  const pg = await PostgresStorage.open({ connectionString: PG_URL, schema, poolSize: 4 });
  const other = await PostgresStorage.open({ connectionString: PG_URL, schema, poolSize: 4 });
  const sqlite = new SqliteStorage({ path: path.join(dir, 'Data.sqlite') });
  const raw = new Client({ connectionString: PG_URL });
  await raw.connect();
  const table = `"${schema}".raw_objects`;
  await raw.query(`CREATE TABLE ${table} (LIKE "${schema}".objects INCLUDING ALL)`);
  const totals = {
    pg: [0, 0],
    sqlite: [0, 0],
    raw: [0, 0],
    pgUpdate: [0, 0],
    sqliteUpdate: [0, 0],
  };
  const loads = { pg: [0, 0], sqlite: [0, 0] };
  let concurrent = [0, 0];
  try {
    await commitRound(pg, 200, false); // warm-up: JIT, prepared statements, pool
    await commitRound(sqlite, 200, false);
    for (let round = 0; round < ROUNDS; round += 1) {
      const p = await commitRound(pg, ROUND_MS, false);
      const s = await commitRound(sqlite, ROUND_MS, false);
      totals.pg = add(totals.pg, p);
      totals.sqlite = add(totals.sqlite, s);
      totals.raw = add(totals.raw, await rawRound(raw, table, ROUND_MS));
      totals.pgUpdate = add(totals.pgUpdate, await commitRound(pg, ROUND_MS / 2, true));
      totals.sqliteUpdate = add(totals.sqliteUpdate, await commitRound(sqlite, ROUND_MS / 2, true));
      loads.pg = add(loads.pg, await loadRound(pg, ROUND_MS / 2));
      loads.sqlite = add(loads.sqlite, await loadRound(sqlite, ROUND_MS / 2));
      concurrent = add(concurrent, await concurrentRound([pg, other], ROUND_MS));
      global.gc?.();
      process.stderr.write(`round ${round}: postgres ${rate(p)}/s, sqlite ${rate(s)}/s\n`);
    }
  } finally {
    await Promise.all([pg.close(), other.close(), sqlite.close()]);
    fs.rmSync(dir, { recursive: true, force: true });
    await raw.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await raw.end();
  }
  const rawCommits = { name: 'raw pg INSERT + COMMIT, same run', value: rate(totals.raw) };
  const sqliteUpdates = { name: 'SqliteStorage, same run', value: rate(totals.sqliteUpdate) };
  const sqliteLoads = { name: 'SqliteStorage, same run', value: rate(loads.sqlite) };
  const results = [
    figure('postgres single-object commits/s', rate(totals.pg), 'commits/s', rawCommits),
    figure('sqlite single-object commits/s, same run', rate(totals.sqlite), 'commits/s'),
    figure('postgres update commits/s', rate(totals.pgUpdate), 'commits/s', sqliteUpdates),
    figure('postgres loads/s at a snapshot', rate(loads.pg), 'loads/s', sqliteLoads),
    figure('postgres commits/s, 8 committers on 2 instances', rate(concurrent), 'commits/s'),
  ];
  process.stdout.write(`${JSON.stringify({ results })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
