/// <reference types="jest" />
import type { DataRecord, RevisionStore } from '../persistence/interfaces';
import { seededRandom } from './seeded-random';

/**
 * Registers the jest suite every {@link RevisionStore} must pass (uses jest's global `describe`,
 * `it`, `expect`). `factory` is called for a fresh, empty store in each test.
 *
 * Beyond the interface's TSDoc it pins down: records come back equal to what was added (any
 * state text, non-ASCII included); `bytes` is 0 exactly when nothing is kept; a long random run
 * of adds, drops and removals agrees with a plain model of the revision lists.
 *
 * @example
 * ```ts
 * import { describeRevisionStoreContract } from '@zoa/core/testing';
 *
 * describeRevisionStoreContract('HeapRevisionStore', () => new HeapRevisionStore());
 * ```
 */
export function describeRevisionStoreContract(name: string, factory: () => RevisionStore): void {
  describe(`${name} (revision store contract)`, () => {
    function filled(): RevisionStore {
      const store = factory();
      for (const serial of [2, 5, 9]) {
        store.add({ oid: 1, serial, className: 'C', state: `"${serial}"` });
      }
      return store;
    }

    it('returns the newest revision with serial <= tid when asked at a tid', () => {
      const store = filled();
      expect(store.at(1, 1)).toBeUndefined();
      expect(store.at(1, 4)?.serial).toBe(2);
      expect(store.at(1, 5)?.serial).toBe(5);
      expect(store.at(1, 100)).toEqual({ oid: 1, serial: 9, className: 'C', state: '"9"' });
      expect(store.latest(1)?.serial).toBe(9);
      expect(store.serialOf(1)).toBe(9);
      expect(store.serialOf(2)).toBe(0);
      expect(store.latest(2)).toBeUndefined();
      expect(store.at(2, 100)).toBeUndefined();
    });

    it('keeps the revision visible at tid when dropping revisions before it', () => {
      const store = filled();
      expect(store.dropBefore(1, 7)).toBe(1);
      expect(store.revisionsOf(1).map((r) => r.serial)).toEqual([5, 9]);
      expect(store.dropBefore(1, 9)).toBe(1);
      expect(store.revisionsOf(1).map((r) => r.serial)).toEqual([9]);
      expect(store.dropBefore(1, 9)).toBe(0);
      expect(store).toMatchObject({ objects: 1, records: 1 });
    });

    it('drops every older revision, and the object when none is left, when all is set', () => {
      const store = filled();
      expect(store.dropBefore(1, 9, true)).toBe(2);
      expect(store.dropBefore(1, 10, true)).toBe(1);
      expect(store.has(1)).toBe(false);
      expect(store.revisionsOf(1)).toEqual([]);
      expect(store).toMatchObject({ objects: 0, records: 0, bytes: 0 });
    });

    it('removes every revision of an object when remove is called', () => {
      const store = filled();
      store.add({ oid: 2, serial: 3, className: 'D', state: '{}' });
      expect(store.remove(1)).toBe(true);
      expect(store.remove(1)).toBe(false);
      expect(store.has(1)).toBe(false);
      expect(store.latest(1)).toBeUndefined();
      expect([...store.oids()]).toEqual([2]);
      expect(store).toMatchObject({ objects: 1, records: 1 });
      expect(store.bytes).toBeGreaterThan(0);
    });

    it('throws when a revision is not newer than the last one', () => {
      const store = filled();
      expect(() => store.add({ oid: 1, serial: 9, className: 'C', state: '{}' })).toThrow(
        /not newer/,
      );
      expect(store.latest(1)?.state).toBe('"9"');
    });

    it('gives back states and class names as added when they hold any text', () => {
      const store = factory();
      const states = [
        '',
        '{"name":"Zoë","city":"Zürich","greeting":"こんにちは","emoji":"🦑"}',
        '"\\u0000 \\ud83d"',
        'x'.repeat(3_000_000),
      ];
      states.forEach((state, i) => {
        store.add({ oid: 10 + i, serial: 1, className: `Klasse·${i}`, state });
      });
      states.forEach((state, i) => {
        expect(store.latest(10 + i)).toEqual({
          oid: 10 + i,
          serial: 1,
          className: `Klasse·${i}`,
          state,
        });
      });
      expect(store.has(2 ** 40)).toBe(false);
      store.add({ oid: 2 ** 40, serial: 2, className: 'C', state: '{}' });
      expect(store.latest(2 ** 40)?.oid).toBe(2 ** 40);
    });

    it('agrees with a model of revision lists over a long random run', () => {
      const random = seededRandom(11);
      const store = factory();
      const model = new Map<number, DataRecord[]>();
      let tid = 0;
      for (let step = 0; step < 20_000; step += 1) {
        const oid = Math.floor(random() * 300);
        const roll = random();
        const list = model.get(oid) ?? [];
        if (roll < 0.6) {
          tid += 1;
          const state = JSON.stringify({ v: step, pad: 'p'.repeat(Math.floor(random() * 400)) });
          const record = { oid, serial: tid, className: `C${oid % 3}`, state };
          store.add(record);
          model.set(oid, [...list, record]);
        } else if (roll < 0.9) {
          const at = Math.floor(random() * (tid + 2));
          const all = random() < 0.3;
          let keepFrom = 0;
          while (keepFrom < list.length && (list[keepFrom]?.serial ?? Infinity) < at) keepFrom += 1;
          if (!all && (list[keepFrom]?.serial ?? Infinity) > at && keepFrom > 0) keepFrom -= 1;
          expect(store.dropBefore(oid, at, all)).toBe(keepFrom);
          const rest = list.slice(keepFrom);
          if (rest.length > 0) model.set(oid, rest);
          else model.delete(oid);
        } else {
          expect(store.remove(oid)).toBe(model.delete(oid));
        }
        if (step % 500 === 0 || step === 19_999) {
          expect(new Set(store.oids())).toEqual(new Set(model.keys()));
          expect(store.objects).toBe(model.size);
          let records = 0;
          for (const [id, revisions] of model) {
            records += revisions.length;
            expect(store.revisionsOf(id)).toEqual(revisions);
            expect(store.latest(id)).toEqual(revisions[revisions.length - 1]);
            expect(store.serialOf(id)).toBe(revisions[revisions.length - 1]?.serial);
          }
          expect(store.records).toBe(records);
          expect(store.bytes > 0).toBe(records > 0);
        }
      }
    });
  });
}
