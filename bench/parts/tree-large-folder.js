'use strict';
/**
 * Bench part: a large folder (BTreeFolder) with 100,000 children, against the same folder with
 * 1,000 children, on SqliteStorage.
 *
 * - records written per add: `store` calls of one commit that adds one child (mean of ADDS
 *   commits). Target: at 100k no more than 3x the figure at 1k (the B-tree keeps it O(log n)).
 * - first page: `objectValues(undefined, { limit: 50 })` on a fresh Database (cold caches),
 *   median of RUNS. Target: at 100k no more than 3x the time at 1k.
 *
 * Protocol (bench/parts/*.js): the last stdout line is `{"results":[...]}`; progress goes to
 * stderr. Run it alone with `node bench/parts/tree-large-folder.js`.
 */
require('../../packages/core/test/fixtures/register-ts');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Database } = require('../../packages/core/src/persistence/database');
const { SqliteStorage } = require('../../packages/core/src/persistence/sqlite-storage');
const { TransactionManager } = require('../../packages/core/src/persistence/transaction-manager');
const { Application } = require('../../packages/core/src/tree/application');
const { BTreeFolder } = require('../../packages/core/src/tree/btree-folder');
const { Item } = require('../../packages/core/src/tree/item');

const LARGE = Number(process.env.BENCH_LARGE_CHILDREN) || 100_000;
const SMALL = 1_000;
const BATCH = 5_000;
const ADDS = 20;
const RUNS = 7;
const PAGE = 50;

const tm = new TransactionManager();
let databases = 0;

/** Counts `store` calls on a storage. */
function counting(storage) {
  const store = storage.store.bind(storage);
  const counter = { stores: 0 };
  storage.store = (txn, write) => {
    counter.stores += 1;
    store(txn, write);
  };
  return counter;
}

function open(storage) {
  databases += 1;
  return Database.open(storage, {
    name: `bench-${databases}`,
    rootFactory: () => new Application(),
    devChecks: false,
  });
}

async function onFolder(db, work) {
  return tm.run(async (txn) => {
    const app = await (await txn.open(db)).root();
    return work(await app.get('big'));
  });
}

const childId = (n) => `item-${String(n).padStart(7, '0')}`;

/** Builds a folder of `size` children; returns the mean records written per single add. */
async function build(file, size) {
  const storage = new SqliteStorage({ path: file, synchronous: 'normal' });
  const counter = counting(storage);
  const db = await open(storage);
  await tm.run(async (txn) => {
    const app = await (await txn.open(db)).root();
    await app.setObject('big', new BTreeFolder('big', 'Big'));
  });
  for (let start = 0; start < size; start += BATCH) {
    await onFolder(db, async (folder) => {
      for (let n = start; n < Math.min(size, start + BATCH); n += 1) {
        await folder.setObject(childId(n), new Item(childId(n), `Child ${n}`));
      }
    });
    if (start % 20_000 === 0) process.stderr.write(`  ${size}: ${start} children\n`);
  }
  const written = [];
  for (let i = 0; i < ADDS; i += 1) {
    counter.stores = 0;
    // spread over the key range: a new id between existing ones
    const id = `${childId(Math.floor(((i + 0.5) * size) / ADDS))}-extra`;
    await onFolder(db, (folder) => folder.setObject(id, new Item(id)));
    written.push(counter.stores);
  }
  const count = await onFolder(db, (folder) => folder.objectCount());
  await db.close();
  process.stderr.write(`  ${size}: ${count} children; records per add ${written.join(' ')}\n`);
  return written.reduce((a, b) => a + b, 0) / written.length;
}

/** Median ms to list the first page on a fresh Database (cold caches). */
async function firstPage(file) {
  const times = [];
  for (let run = 0; run < RUNS; run += 1) {
    const db = await open(new SqliteStorage({ path: file }));
    const start = performance.now();
    const page = await onFolder(db, (folder) => folder.objectValues(undefined, { limit: PAGE }));
    times.push(performance.now() - start);
    if (page.length !== PAGE) throw new Error(`first page has ${page.length} objects`);
    await db.close();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const round = (value) => Math.round(value * 1000) / 1000;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-bench-tree-'));
  try {
    const smallFile = path.join(dir, 'small.sqlite');
    const largeFile = path.join(dir, 'large.sqlite');
    const smallWrites = await build(smallFile, SMALL);
    const largeWrites = await build(largeFile, LARGE);
    const smallPage = await firstPage(smallFile);
    const largePage = await firstPage(largeFile);
    const writeRatio = largeWrites / smallWrites;
    const pageRatio = largePage / smallPage;
    const label = LARGE >= 1000 ? `${LARGE / 1000}k` : String(LARGE);
    const results = [
      {
        name: `records written per add at ${label} children`,
        value: round(largeWrites),
        unit: 'records',
        baseline: { name: 'at 1k children', value: round(smallWrites) },
        ratio: round(writeRatio),
        target: '<= 3',
        pass: writeRatio <= 3,
      },
      {
        name: `list first page (${PAGE}) of ${label} children`,
        value: round(largePage),
        unit: 'ms',
        baseline: { name: 'first page of 1k', value: round(smallPage) },
        ratio: round(pageRatio),
        target: '<= 3',
        pass: pageRatio <= 3,
      },
    ];
    console.log(JSON.stringify({ results }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
