import { SnapshotRegistry } from '../../src/persistence/snapshot-registry';
import { seededRandom } from '@zoa/core/testing';

/** The obvious model: a multiset of open tids. */
class ModelRegistry {
  readonly open: number[] = [];

  close(tid: number): boolean {
    const at = this.open.indexOf(tid);
    if (at < 0) return false;
    this.open.splice(at, 1);
    return true;
  }

  oldest(): number | undefined {
    return this.open.length === 0 ? undefined : Math.min(...this.open);
  }
}

describe('SnapshotRegistry', () => {
  it('counts readers per tid and reports the oldest open one', () => {
    const snapshots = new SnapshotRegistry();
    snapshots.open(7);
    snapshots.open(7);
    snapshots.open(9);
    snapshots.open(5);
    expect(snapshots.size).toBe(4);
    expect(snapshots.oldest()).toBe(5);
    expect(snapshots.close(5)).toBe(true);
    expect(snapshots.oldest()).toBe(7);
    expect(snapshots.close(7)).toBe(true);
    expect(snapshots.close(7)).toBe(true);
    expect(snapshots.close(7)).toBe(false);
    expect(snapshots.oldest()).toBe(9);
    expect(snapshots.close(9)).toBe(true);
    expect(snapshots.close(9)).toBe(false);
    expect(snapshots.oldest()).toBeUndefined();
    expect(snapshots.size).toBe(0);
  });

  it('ignores closing a tid that was never opened', () => {
    const snapshots = new SnapshotRegistry();
    expect(snapshots.close(3)).toBe(false);
    snapshots.open(4);
    expect(snapshots.close(3)).toBe(false);
    expect(snapshots.size).toBe(1);
  });

  it('agrees with a plain multiset over 5,000 random opens and closes', () => {
    const random = seededRandom(42);
    const snapshots = new SnapshotRegistry();
    const model = new ModelRegistry();
    let newest = 1;
    for (let step = 0; step < 5_000; step += 1) {
      const roll = random();
      if (roll < 0.1) newest += 1; // a commit: later readers see a newer tid
      const tid = roll < 0.5 ? newest : Math.max(1, newest - Math.floor(random() * 4));
      if (roll < 0.55) {
        snapshots.open(tid);
        model.open.push(tid);
      } else {
        expect(snapshots.close(tid)).toBe(model.close(tid));
      }
      expect(snapshots.oldest()).toBe(model.oldest());
      expect(snapshots.size).toBe(model.open.length);
    }
  });
});
