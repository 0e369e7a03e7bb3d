import type { PersistentMapping } from '@zoa/core';
import { Database, TransactionManager, type Transaction } from '@zoa/core';
import { TemporaryStorage, type TemporaryStorageOptions } from '../src/temporary-storage';
import { Leaf, MergingMapping, testRegistry } from './fixtures/persistent-classes';
import { settle } from './fixtures/storage-helpers';

const registry = testRegistry();
const tm = new TransactionManager();

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

interface Run {
  db: Database;
  storage: TemporaryStorage;
  /** What each worker committed: key -> value, updated only after its commit returned. */
  models: Map<string, string>[];
  longReads: number;
  packs: number;
}

const WORKERS = 8;
const OPS = 80;

async function sharedOf(txn: Transaction, db: Database): Promise<MergingMapping> {
  const root = await (await txn.open(db)).root<PersistentMapping>();
  return (root.get('shared') as MergingMapping).activate();
}

async function yieldSometimes(random: (n: number) => number): Promise<void> {
  const times = random(3);
  for (let i = 0; i < times; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** One worker: puts, replaces, updates and deletes its own keys, and checks what it committed. */
async function worker(run: Run, w: number, random: (n: number) => number): Promise<void> {
  const model = run.models[w] as Map<string, string>;
  for (let op = 0; op < OPS; op += 1) {
    const keys = [...model.keys()];
    const key =
      keys.length > 0 && random(3) > 0 ? (keys[random(keys.length)] as string) : `w${w}-k${op}`;
    const value = `w${w}-op${op}`;
    const choice = random(10);
    if (choice < 4 || !model.has(key)) {
      // put or replace: a new leaf; the replaced one becomes garbage
      await tm.run(
        async (txn) => {
          const shared = await sharedOf(txn, run.db);
          await yieldSometimes(random);
          shared.set(key, new Leaf(value));
        },
        { retries: 0 },
      );
      model.set(key, value);
    } else if (choice < 7) {
      await tm.run(
        async (txn) => {
          const leaf = await ((await sharedOf(txn, run.db)).get(key) as Leaf).activate();
          await yieldSometimes(random);
          leaf.set(value);
        },
        { retries: 0 },
      );
      model.set(key, value);
    } else if (choice < 8) {
      await tm.run(
        async (txn) => {
          (await sharedOf(txn, run.db)).delete(key);
        },
        { retries: 0 },
      );
      model.delete(key);
    } else {
      await check(run, w, random);
    }
  }
  await check(run, w, random);
}

/** Every committed write of worker `w` is readable, and nothing it deleted is there. */
async function check(run: Run, w: number, random: (n: number) => number): Promise<void> {
  const model = run.models[w] as Map<string, string>;
  await tm.run(async (txn) => {
    const shared = await sharedOf(txn, run.db);
    const mine = shared.keys().filter((key) => key.startsWith(`w${w}-`));
    expect(mine.sort()).toEqual([...model.keys()].sort());
    for (const [key, value] of model) {
      await yieldSometimes(random);
      const leaf = await (shared.get(key) as Leaf).activate();
      expect(leaf.value).toBe(value);
    }
  });
}

/** Reads every leaf of a snapshot slowly while the others commit, replace and delete them. */
async function longReader(run: Run, random: (n: number) => number): Promise<void> {
  for (let i = 0; i < 15; i += 1) {
    await tm.run(async (txn) => {
      const shared = await sharedOf(txn, run.db);
      const entries = shared.keys().map((key) => [key, shared.get(key) as Leaf] as const);
      for (let k = 0; k < 5; k += 1) await settle();
      for (const [key, leaf] of entries) {
        await leaf.activate(); // throws if the GC removed what this snapshot sees
        expect(String(leaf.value).startsWith(key.split('-')[0] as string)).toBe(true);
        await yieldSometimes(random);
      }
    });
    run.longReads += 1;
  }
}

/** Packs now and then, interleaved with everything else. */
async function packer(run: Run): Promise<void> {
  for (let i = 0; i < 10; i += 1) {
    for (let k = 0; k < 20; k += 1) await settle();
    await run.db.pack();
    run.packs += 1;
  }
}

async function stress(seed: number, options: TemporaryStorageOptions): Promise<Run> {
  const storage = new TemporaryStorage(options);
  const db = await Database.open(storage, { registry, devChecks: true, poolSize: 32 });
  await tm.run(async (txn) => {
    (await (await txn.open(db)).root<PersistentMapping>()).set('shared', new MergingMapping());
  });
  const run: Run = { db, storage, models: [], longReads: 0, packs: 0 };
  for (let w = 0; w < WORKERS; w += 1) run.models.push(new Map());
  const random = prng(seed);
  await Promise.all([
    ...run.models.map((_, w) => worker(run, w, prng(seed * 31 + w))),
    longReader(run, random),
    longReader(run, prng(seed + 7)),
    packer(run),
  ]);
  await settle();
  return run;
}

describe('TemporaryStorage', () => {
  describe('under stress', () => {
    it.each([
      ['reference counting only', 1, {}],
      ['reference counting only', 2, {}],
      ['an automatic pack every 7 commits', 3, { cycleGcEvery: 7 }],
    ])(
      'keeps every committed write readable when commits, snapshots and GC interleave (%s, seed %i)',
      async (_label, seed, options: TemporaryStorageOptions) => {
        const run = await stress(seed, options);
        for (let w = 0; w < WORKERS; w += 1) await check(run, w, () => 0);
        const live = run.models.reduce((sum, model) => sum + model.size, 0);
        const metrics = run.storage.metrics();
        // root + shared mapping + one leaf per live key: everything else was collected
        expect(metrics).toMatchObject({ objects: 2 + live, garbagePending: 0, openSnapshots: 0 });
        expect(metrics.records).toBe(metrics.objects);
        expect(metrics.garbageCollected).toBeGreaterThan(50);
        expect(run.longReads).toBe(30);
        expect(run.packs).toBe(10);
        await run.db.close();
      },
    );
  });
});
