import { seededRandom } from '@zoa/core/testing';
import { KeyError, TransientObject, TransientObjectContainer } from '@zoa/sessions';
import { FakeClock } from './fixtures/fake-clock';

// Model-based test of expiry: random sets, gets, deletes, clock steps (a few backwards) and
// housekeeping against a plain model of "slice of the last touch" per key. Touches leave the
// timeline entry behind (ADR 0004), and a TransientObject keeps the slice of its last touch itself
// (its index entry only catches up when housekeeping reaches it); these runs check that neither
// ever shows: the live keys are exactly the model's, in its order, a delete notification comes
// once per expired item and never for a live or deleted one, and a full housekeep() leaves only
// live items. Each seed runs with plain values and with TransientObjects as the items.

const T = 60; // timeoutMinutes 1
const P = 20;
const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

interface Instance {
  key: string;
  gen: number;
  slice: number;
  /** deleted: removed by delete() (never notified); notified: its delete notification came */
  end?: 'deleted' | 'notified';
}

/** What the items are: strings naming their instance, or TransientObjects. */
type Items = 'plain values' | 'sessions';

function run(seed: number, items: Items): void {
  it(`seed ${seed}, ${items}: agrees with the model of last touches`, async () => {
    const random = seededRandom(seed);
    const pick = (list: readonly string[]): string =>
      list[Math.floor(random() * list.length)] ?? '';
    const clock = new FakeClock();
    const current = new Map<string, Instance>(); // the newest instance of each key
    const instances = new Map<unknown, Instance>(); // by value
    const values = new Map<Instance, unknown>();
    const valueOf = (instance: Instance): unknown => values.get(instance);
    let gens = 0;
    const toc = new TransientObjectContainer('toc', {
      timeoutMinutes: 1,
      periodSeconds: P,
      clock: clock.now,
      delNotification: (value) => {
        const instance = instances.get(value);
        if (instance === undefined) throw new Error('notified an unknown value');
        expect(instance.end).toBeUndefined();
        expect(isLive(instance)).toBe(false); // only expired items are notified
        instance.end = 'notified';
      },
    });
    const slice = (): number => Math.floor(clock.ms / 1000 / P) * P;
    const isLive = (instance: Instance): boolean => slice() <= instance.slice + T;
    const live = (key: string): Instance | undefined => {
      const instance = current.get(key);
      return instance && instance.end === undefined && isLive(instance) ? instance : undefined;
    };
    const expectAgreement = async (): Promise<void> => {
      const expected = KEYS.map((key) => live(key))
        .filter((instance): instance is Instance => instance !== undefined)
        .sort((x, y) => x.slice - y.slice || (x.key < y.key ? -1 : 1))
        .map(({ key }) => key);
      expect(await toc.keys()).toEqual(expected);
    };

    for (let step = 0; step < 300; step += 1) {
      const key = pick(KEYS);
      const choice = random();
      if (choice < 0.3) {
        const found = live(key);
        if (found) {
          await toc.set(key, valueOf(found));
          found.slice = slice();
        } else {
          const old = current.get(key);
          const instance: Instance = { key, gen: (gens += 1), slice: slice() };
          const value =
            items === 'sessions'
              ? new TransientObject(key, { clock: clock.now })
              : `${key}#${instance.gen}`;
          instances.set(value, instance);
          values.set(instance, value);
          await toc.set(key, value);
          // an expired predecessor is finalized (and notified) before the new item is stored
          if (old && old.end === undefined) expect(old.end).toBe('notified');
          current.set(key, instance);
        }
      } else if (choice < 0.55) {
        const found = live(key);
        expect(await toc.get(key)).toBe(found ? valueOf(found) : null);
        if (found) found.slice = slice();
      } else if (choice < 0.65) {
        const found = live(key);
        if (found) {
          await toc.delete(key);
          found.end = 'deleted';
        } else {
          await expect(toc.delete(key)).rejects.toThrow(KeyError);
        }
      } else if (choice < 0.9) {
        // forward by up to 50 s; now and then back by up to 25 s (a clock set back)
        const seconds = random() < 0.05 ? -25 * random() : 50 * random();
        clock.ms = Math.max(FakeClock.START, clock.ms + Math.round(seconds * 1000));
      } else if (choice < 0.95) {
        await toc.housekeep({ maxItems: 1 + Math.floor(random() * 3) });
      } else if (toc.isInbandHousekeepingEnabled()) {
        toc.disableInbandHousekeeping();
      } else {
        toc.enableInbandHousekeeping();
      }
      await expectAgreement();
    }

    await toc.housekeep();
    for (const instance of instances.values()) {
      if (instance.end === undefined && !isLive(instance)) {
        throw new Error(`${instance.key}#${instance.gen} expired but was never notified`);
      }
    }
    expect(await toc.length).toBe((await toc.keys()).length);
  });
}

describe('TransientObjectContainer expiry against a model', () => {
  for (let seed = 1; seed <= 40; seed += 1) {
    run(seed, 'plain values');
    run(seed, 'sessions');
  }
});
