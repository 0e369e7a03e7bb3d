import { seededRandom } from '@zoa/core/testing';
import { OidMap } from '../src/oid-map';

describe('OidMap', () => {
  it('sets, gets and deletes values when keys are oids of any size', () => {
    const map = new OidMap();
    map.set(0, 5);
    map.set(2 ** 40 + 3, -7);
    map.set(3, 1);
    expect(map.get(0)).toBe(5);
    expect(map.get(2 ** 40 + 3)).toBe(-7);
    expect(map.get(2 ** 40 + 4)).toBeUndefined();
    expect(map.has(3)).toBe(true);
    map.set(3, 2);
    expect(map.get(3)).toBe(2);
    expect(map.size).toBe(3);
    expect(map.delete(3)).toBe(true);
    expect(map.delete(3)).toBe(false);
    expect(map.has(3)).toBe(false);
    expect([...map.oids()].sort((a, b) => a - b)).toEqual([0, 2 ** 40 + 3]);
    map.clear();
    expect(map.size).toBe(0);
    expect(map.get(0)).toBeUndefined();
  });

  it('agrees with a Map when keys are set and deleted at random while it grows and shrinks', () => {
    const random = seededRandom(3);
    const map = new OidMap();
    const model = new Map<number, number>();
    for (let step = 0; step < 200_000; step += 1) {
      // sequential oids, as storages hand them out, and a phase that deletes most of them
      const range = step < 120_000 ? 50_000 : 5_000;
      const oid = Math.floor(random() * range) * (step % 7 === 0 ? 4_294_967_297 : 1);
      if (random() < (step < 120_000 ? 0.7 : 0.2)) {
        map.set(oid, step);
        model.set(oid, step);
      } else {
        expect(map.delete(oid)).toBe(model.delete(oid));
      }
      if (step % 20_000 === 0) expect(mismatches(map, model)).toEqual([]);
    }
    expect(map.size).toBe(model.size);
    expect(mismatches(map, model)).toEqual([]);
    expect(new Set(map.oids())).toEqual(new Set(model.keys()));
  });
});

/** The keys whose values differ between `map` and `model`. */
function mismatches(map: OidMap, model: ReadonlyMap<number, number>): number[] {
  return [...model].filter(([key, value]) => map.get(key) !== value).map(([key]) => key);
}
