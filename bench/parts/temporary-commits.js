'use strict';
/**
 * Bench part of @zoa/temporary-folder (issue 5):
 * 1. commits per second on TemporaryStorage vs MemoryStorage, through the same Database API in
 *    the same process (target ratio >= 0.8): each commit changes one small object of a mapping
 *    of 100; every 4th commit replaces one with a new object instead, so the mapping is written
 *    and the old object becomes garbage (reference counting and collection are part of the cost);
 * 2. heap bytes per stored small object: 100k small objects held by 1,000 containers of 100,
 *    written through the storage API, heap measured after global.gc().
 * Loads the TypeScript sources through packages/core/test/fixtures/register-ts.js.
 */
const Module = require('node:module');
const path = require('node:path');

const repo = path.resolve(__dirname, '../..');
require(path.join(repo, 'packages/core/test/fixtures/register-ts.js'));
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveZoaToSource(request, ...rest) {
  const match = /^@zoa\/(core|temporary-folder|sessions)(?:\/(.+))?$/.exec(request);
  const target = match
    ? path.join(repo, 'packages', match[1], 'src', match[2] ?? 'index.ts')
    : request;
  return resolve.call(this, target, ...rest);
};

const {
  ClassRegistry,
  Database,
  MemoryStorage,
  Persistent,
  PersistentMapping,
  ROOT_OID,
  TransactionManager,
} = require('@zoa/core');
const { TemporaryStorage } = require('@zoa/temporary-folder');

const KEYS = 100;
const ROUND_MS = Number(process.env.ZOA_BENCH_ROUND_MS || 400);
const ROUNDS = Number(process.env.ZOA_BENCH_ROUNDS || 16);
const HEAP_OBJECTS = 100_000;

class Leaf extends Persistent {
  constructor(value = 0) {
    super();
    this.value = value;
  }

  set(value) {
    this.value = value;
    this.markChanged();
  }
}

const registry = new ClassRegistry();
registry.register('PersistentMapping', PersistentMapping);
registry.register('Leaf', Leaf);
const tm = new TransactionManager();

async function openDatabase(storage) {
  const db = await Database.open(storage, { registry, devChecks: false });
  await tm.run(async (txn) => {
    const root = await (await txn.open(db)).root();
    for (let i = 0; i < KEYS; i += 1) root.set(`k${i}`, new Leaf(i));
  });
  return db;
}

/** Commits for about ROUND_MS on `db`; returns commits per wall-clock and per CPU second. */
async function round(db, state) {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const until = started + BigInt(ROUND_MS) * 1_000_000n;
  let commits = 0;
  while (process.hrtime.bigint() < until) {
    for (let batch = 0; batch < 50; batch += 1) {
      const n = state.n++;
      await tm.run(async (txn) => {
        const root = await (await txn.open(db)).root();
        const key = `k${n % KEYS}`;
        if (n % 4 === 0) {
          root.set(key, new Leaf(n));
        } else {
          const leaf = await root.get(key).activate();
          leaf.set(n);
        }
      });
      commits += 1;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { wall: commits / seconds, cpu: commits / cpuSeconds };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Short rounds, alternating MemoryStorage and TemporaryStorage, so that both sides of each pair
 * run under the same machine load; the ratio is the median of the pairs' ratios.
 */
async function commitsPerSecond() {
  const memory = await openDatabase(new MemoryStorage());
  const temporary = await openDatabase(new TemporaryStorage());
  const memoryState = { n: 0 };
  const temporaryState = { n: 0 };
  await round(memory, memoryState); // warm-up of both code paths
  await round(temporary, temporaryState);
  const pairs = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    // alternate the order so that neither side always runs on a warmer or colder heap
    const pair = {};
    for (const which of i % 2 === 0 ? ['memory', 'temporary'] : ['temporary', 'memory']) {
      const db = which === 'memory' ? memory : temporary;
      pair[which] = await round(db, which === 'memory' ? memoryState : temporaryState);
    }
    pairs.push(pair);
    console.log(
      `round ${i + 1}: MemoryStorage ${pair.memory.wall.toFixed(0)} commits/s, ` +
        `TemporaryStorage ${pair.temporary.wall.toFixed(0)} commits/s ` +
        `(per CPU second: ${pair.memory.cpu.toFixed(0)} and ${pair.temporary.cpu.toFixed(0)})`,
    );
  }
  const metrics = temporary.storage.metrics();
  console.log('TemporaryStorage metrics after the rounds:', JSON.stringify(metrics));
  const result = {
    memory: median(pairs.map((p) => p.memory.wall)),
    temporary: median(pairs.map((p) => p.temporary.wall)),
    ratio: median(pairs.map((p) => p.temporary.wall / p.memory.wall)),
    cpuRatio: median(pairs.map((p) => p.temporary.cpu / p.memory.cpu)),
  };
  console.log(
    `median ratio: ${result.ratio.toFixed(3)} by wall clock, ${result.cpuRatio.toFixed(3)} by CPU time`,
  );
  await memory.close();
  await temporary.close();
  return result;
}

function settleHeap() {
  if (typeof global.gc !== 'function') return process.memoryUsage().heapUsed;
  for (let i = 0; i < 3; i += 1) global.gc();
  return process.memoryUsage().heapUsed;
}

/** Stores HEAP_OBJECTS small objects (and their containers); returns heap bytes per object. */
async function heapBytesPerObject(makeStorage) {
  const before = settleHeap();
  const storage = makeStorage();
  const perContainer = 100;
  let next = 1;
  const containers = [];
  for (let c = 0; c < HEAP_OBJECTS / perContainer; c += 1) {
    const txn = {};
    await storage.tpcBegin(txn);
    const container = next++;
    containers.push(container);
    const refs = [];
    for (let i = 0; i < perContainer; i += 1) {
      const oid = next++;
      refs.push({ $ref: [oid, 'Leaf'] });
      const state = JSON.stringify({ value: oid * 7, note: `item ${oid}` });
      storage.store(txn, { oid, baseSerial: 0, className: 'Leaf', state });
    }
    storage.store(txn, {
      oid: container,
      baseSerial: 0,
      className: 'PersistentMapping',
      state: JSON.stringify({ items: refs }),
    });
    await storage.tpcVote(txn);
    await storage.tpcFinish(txn);
  }
  const root = JSON.stringify({
    containers: containers.map((oid) => ({ $ref: [oid, 'PersistentMapping'] })),
  });
  await commitOne(storage, {
    oid: ROOT_OID,
    baseSerial: 0,
    className: 'PersistentMapping',
    state: root,
  });
  const after = settleHeap();
  const stats = await storage.stats();
  const perObject = (after - before) / HEAP_OBJECTS;
  console.log(
    `${storage.constructor.name}: ${stats.objects} objects, ${stats.records} records, ` +
      `${stats.bytes} state bytes (${(stats.bytes / HEAP_OBJECTS).toFixed(1)} per small object), ` +
      `heap ${(after - before) / 1e6} MB, ${perObject.toFixed(1)} heap bytes per small object`,
  );
  await storage.close();
  return perObject;
}

async function commitOne(storage, write) {
  const txn = {};
  await storage.tpcBegin(txn);
  storage.store(txn, write);
  await storage.tpcVote(txn);
  return storage.tpcFinish(txn);
}

async function main() {
  if (typeof global.gc !== 'function') console.log('note: run with --expose-gc for a settled heap');
  const { memory, temporary, ratio } = await commitsPerSecond();
  await heapBytesPerObject(() => new MemoryStorage()); // for the log: the baseline's footprint
  const heap = await heapBytesPerObject(() => new TemporaryStorage());
  const round1 = (x) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify({
      results: [
        {
          name: 'temporary commits/s',
          value: round1(temporary),
          unit: 'commits/s',
          baseline: { name: 'MemoryStorage', value: round1(memory) },
          ratio: Math.round(ratio * 1000) / 1000,
          target: '>= 0.8',
          pass: ratio >= 0.8,
        },
        {
          name: 'heap bytes per small object',
          value: round1(heap),
          unit: 'bytes',
          baseline: null,
          ratio: null,
          target: 'report',
          pass: true,
        },
      ],
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
