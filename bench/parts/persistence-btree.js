'use strict';
// Bench part: the persistent B-tree (packages/core/src/persistence/btree*.ts).
//
// 1. Records written per insert at 1k keys vs at 1M keys (MemoryStorage, one insert per
//    transaction, 1000 inserts after building): O(log n) means the two are nearly equal.
// 2. Time to open a SqliteStorage database and load one object 5 levels deep, for 1k and for
//    100k objects (nested PersistentMappings), and to open one and look up one key of a BTree of
//    1k and of 100k persistent values: opening and a lookup must not grow with the database.
//
// Prints progress lines, then (last) the results JSON line; see bench/README.md.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
require(path.join(ROOT, 'packages/core/test/fixtures/register-ts.js'));
const {
  BTree,
  Database,
  MemoryStorage,
  Persistent,
  PersistentMapping,
  SqliteStorage,
  TransactionManager,
  classRegistry,
} = require(path.join(ROOT, 'packages/core/src/persistence/index.ts'));
const { seededRandom } = require('@zoa/core/testing');

const INSERTS = 1000;
const OPEN_RUNS = 21;
const tm = new TransactionManager();

/** A persistent value for the lookup figures. */
class BenchItem extends Persistent {
  constructor(title) {
    super();
    this.title = title;
  }
}
classRegistry.register('BenchItem', BenchItem);

/** A session-id-like key. */
function randomKey(random) {
  return `s${Math.floor(random() * 2 ** 52).toString(36)}`;
}

/** Wraps a storage so that every `store` call is counted. */
function countingStorage(inner) {
  const counts = { stores: 0 };
  const storage = new Proxy(inner, {
    get(target, name) {
      if (name === 'store') {
        return (txn, write) => {
          counts.stores += 1;
          return target.store(txn, write);
        };
      }
      const value = target[name];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { storage, counts };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function settle() {
  if (global.gc) global.gc();
}

const round = (n, digits = 3) => Number(n.toFixed(digits));

/** Builds a tree of `size` random keys (in memory, then one commit) and measures inserts. */
async function recordsPerInsert(size) {
  const random = seededRandom(size);
  const { storage, counts } = countingStorage(new MemoryStorage());
  const db = await Database.open(storage, { devChecks: false });
  let started = process.hrtime.bigint();
  const tree = new BTree();
  for (let i = 0; i < size; i += 1) await tree.set(randomKey(random), i);
  await tm.run(async (txn) => {
    const root = await (await txn.open(db)).root();
    root.set('tree', tree);
  });
  const buildSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const built = counts.stores;
  settle();
  started = process.hrtime.bigint();
  let writes = 0;
  let maxWrites = 0;
  for (let i = 0; i < INSERTS; i += 1) {
    const before = counts.stores;
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root();
      await root.get('tree').set(randomKey(random), -i);
    });
    writes += counts.stores - before;
    maxWrites = Math.max(maxWrites, counts.stores - before);
  }
  const insertMs = Number(process.hrtime.bigint() - started) / 1e6 / INSERTS;
  const perInsert = writes / INSERTS;
  console.log(
    `${size} keys: built in ${buildSeconds.toFixed(1)} s (${built} records); ` +
      `${perInsert} records/insert (max ${maxWrites}), ${insertMs.toFixed(3)} ms/insert txn`,
  );
  await db.close();
  return { perInsert, insertMs };
}

/** Fan-outs of levels 1–4 and the leaves under each level-4 mapping, for ~`total` objects. */
function shapeFor(total) {
  let fanout = 2;
  while (fanout + 1 + (fanout + 1) ** 2 + (fanout + 1) ** 3 + (fanout + 1) ** 4 < total / 10) {
    fanout += 1;
  }
  const inner = fanout + fanout ** 2 + fanout ** 3 + fanout ** 4;
  return { fanout, leaves: Math.max(1, Math.round((total - inner) / fanout ** 4)) };
}

/** Writes nested PersistentMappings 5 levels deep (~`total` objects) into a new SQLite file. */
async function buildNested(file, total) {
  const { fanout, leaves } = shapeFor(total);
  const db = await Database.open(new SqliteStorage({ path: file }), { devChecks: false });
  let objects = 0;
  const make = (level) => {
    const mapping = new PersistentMapping();
    objects += 1;
    if (level === 5) {
      mapping.set('value', `leaf ${objects}`);
      return mapping;
    }
    const count = level === 4 ? leaves : fanout;
    for (let i = 0; i < count; i += 1) mapping.set(`c${i}`, make(level + 1));
    return mapping;
  };
  await tm.run(async (txn) => {
    const root = await (await txn.open(db)).root();
    for (let i = 0; i < fanout; i += 1) root.set(`c${i}`, make(1));
  });
  await db.close();
  return { objects, fanout, leaves };
}

/** Opens the file, loads the path to one leaf 5 levels deep; returns the milliseconds taken. */
async function openAndLoadLeaf(file, shape, random) {
  const started = process.hrtime.bigint();
  const db = await Database.open(new SqliteStorage({ path: file }), { devChecks: false });
  await tm.run(async (txn) => {
    let current = await (await txn.open(db)).root();
    for (let level = 1; level <= 5; level += 1) {
      const count = level === 5 ? shape.leaves : shape.fanout;
      current = await current.get(`c${Math.floor(random() * count)}`).activate();
    }
    if (typeof current.get('value') !== 'string') throw new Error('leaf not loaded');
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await db.close();
  return ms;
}

/** Writes one BTree of `total` persistent values into a new SQLite file; returns its keys. */
async function buildBTreeFile(file, total) {
  const random = seededRandom(total + 1);
  const db = await Database.open(new SqliteStorage({ path: file }), { devChecks: false });
  const keys = [];
  const tree = new BTree();
  for (let i = 0; i < total; i += 1) {
    const key = randomKey(random);
    keys.push(key);
    await tree.set(key, new BenchItem(`item ${i}`));
  }
  await tm.run(async (txn) => {
    (await (await txn.open(db)).root()).set('tree', tree);
  });
  await db.close();
  return keys;
}

/** Opens the file and looks up one key of its BTree; returns the milliseconds taken. */
async function openAndLookup(file, keys, random) {
  const started = process.hrtime.bigint();
  const db = await Database.open(new SqliteStorage({ path: file }), { devChecks: false });
  await tm.run(async (txn) => {
    const tree = (await (await txn.open(db)).root()).get('tree');
    const item = await tree.get(keys[Math.floor(random() * keys.length)]);
    if (!(item instanceof BenchItem) || typeof item.title !== 'string') throw new Error('no item');
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await db.close();
  return ms;
}

/**
 * Medians of `measures` (after two warm-up rounds), run interleaved — one of each per round — so
 * that a busy machine slows all of them alike.
 */
async function interleavedMedians(runs, measures) {
  const times = measures.map(() => []);
  for (let round = 0; round < runs + 2; round += 1) {
    for (const [i, measure] of measures.entries()) {
      const ms = await measure();
      if (round >= 2) times[i].push(ms);
    }
  }
  return times.map(median);
}

async function main() {
  const results = [];

  const small = await recordsPerInsert(1_000);
  settle();
  const big = await recordsPerInsert(1_000_000);
  settle();
  const ratio = big.perInsert / small.perInsert;
  results.push({
    name: 'records written per BTree insert, 1M keys',
    value: round(big.perInsert),
    unit: 'records',
    baseline: { name: 'same, 1k keys', value: round(small.perInsert) },
    ratio: round(ratio),
    target: '<= 3',
    pass: ratio <= 3,
  });
  results.push({
    name: 'BTree insert transaction, 1M keys (MemoryStorage)',
    value: round(big.insertMs),
    unit: 'ms',
    baseline: { name: 'same, 1k keys', value: round(small.insertMs) },
    ratio: round(big.insertMs / small.insertMs),
    target: null,
    pass: null,
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-bench-btree-'));
  try {
    const sizes = [1_000, 100_000];
    const nestedFiles = [];
    for (const total of sizes) {
      const file = path.join(dir, `nested-${total}.sqlite`);
      const shape = await buildNested(file, total);
      console.log(
        `nested mappings: ${shape.objects} objects (fan-out ${shape.fanout}, ` +
          `${shape.leaves} leaves under each mapping at level 4)`,
      );
      nestedFiles.push({ file, shape, random: seededRandom(total) });
    }
    const btreeFiles = [];
    for (const total of sizes) {
      const file = path.join(dir, `btree-${total}.sqlite`);
      const keys = await buildBTreeFile(file, total);
      btreeFiles.push({ file, keys, random: seededRandom(total + 2) });
    }
    settle();
    const [nestedSmall, nestedBig, lookupSmall, lookupBig] = await interleavedMedians(OPEN_RUNS, [
      ...nestedFiles.map(
        ({ file, shape, random }) =>
          () =>
            openAndLoadLeaf(file, shape, random),
      ),
      ...btreeFiles.map(
        ({ file, keys, random }) =>
          () =>
            openAndLookup(file, keys, random),
      ),
    ]);
    console.log(
      `open + load leaf 5 deep: ${nestedSmall.toFixed(2)} ms (1k), ${nestedBig.toFixed(2)} ms (100k); ` +
        `open + BTree.get: ${lookupSmall.toFixed(2)} ms (1k), ${lookupBig.toFixed(2)} ms (100k)`,
    );
    results.push({
      name: 'open + load leaf 5 deep, 100k objects (SqliteStorage)',
      value: round(nestedBig),
      unit: 'ms',
      baseline: { name: 'same, 1k objects', value: round(nestedSmall) },
      ratio: round(nestedBig / nestedSmall),
      target: '<= 1.5',
      pass: nestedBig / nestedSmall <= 1.5,
    });
    results.push({
      name: 'open + BTree.get, 100k persistent values (SqliteStorage)',
      value: round(lookupBig),
      unit: 'ms',
      baseline: { name: 'same, 1k values', value: round(lookupSmall) },
      ratio: round(lookupBig / lookupSmall),
      target: '<= 1.5',
      pass: lookupBig / lookupSmall <= 1.5,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log(JSON.stringify({ results }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
