import fc from 'fast-check';
import { ReferenceCounts } from '../src/reference-counts';

describe('ReferenceCounts', () => {
  it('counts every current reference exactly when references are added, moved, repeated and dropped', () => {
    const refsList = fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 8 });
    const change = fc.record({ oid: fc.integer({ min: 0, max: 12 }), refs: refsList });
    const commits = fc.array(fc.uniqueArray(change, { selector: (c) => c.oid, maxLength: 4 }), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(commits, (transactions) => {
        const counts = new ReferenceCounts();
        const current = new Map<number, readonly number[]>();
        transactions.forEach((changes, i) => {
          counts.apply(changes, i + 1);
          for (const { oid, refs } of changes) current.set(oid, refs);
        });
        for (let oid = 0; oid <= 12; oid += 1) {
          const expected = [...current.values()].flat().filter((ref) => ref === oid).length;
          expect(counts.countOf(oid)).toBe(expected);
        }
      }),
    );
  });

  it('makes an object a candidate only when its count drops to zero, not when it starts there', () => {
    const counts = new ReferenceCounts();
    counts.apply(
      [
        { oid: 0, refs: [1] },
        { oid: 1, refs: [] },
        { oid: 2, refs: [] },
      ],
      1,
    );
    expect(counts.pending).toBe(0);
    expect(counts.waiting).toBe(false);
    counts.apply([{ oid: 0, refs: [] }], 2);
    expect(counts.pending).toBe(1);
    expect(counts.waiting).toBe(true);
    const removed: number[] = [];
    expect(counts.collect(1, 2, (oid) => removed.push(oid) > 0)).toBe(0);
    expect(counts.waiting).toBe(true); // not ready at floor 1: it still waits
    expect(counts.collect(2, 2, (oid) => removed.push(oid) > 0)).toBe(1);
    expect(removed).toEqual([1]);
    expect(counts.waiting).toBe(false);
  });

  it('releases the references of a removed object when collecting, as far as the floor allows', () => {
    const counts = new ReferenceCounts();
    counts.apply(
      [
        { oid: 0, refs: [1] },
        { oid: 1, refs: [2] },
        { oid: 2, refs: [3] },
      ],
      1,
    );
    counts.apply([{ oid: 0, refs: [] }], 2);
    const removed: number[] = [];
    // at floor 2 (a snapshot at tid 2 is open) and now = 3: 1 goes, 2 is stamped 3 and waits
    expect(counts.collect(2, 3, (oid) => removed.push(oid) > 0)).toBe(1);
    expect(counts.pending).toBe(1);
    expect(counts.collect(Infinity, 3, (oid) => removed.push(oid) > 0)).toBe(2);
    expect(removed).toEqual([1, 2, 3]);
    expect(counts.referenced).toBe(0);
  });

  it('never makes the root a candidate when its last reference goes', () => {
    const counts = new ReferenceCounts();
    counts.apply([{ oid: 5, refs: [0] }], 1);
    counts.apply([{ oid: 5, refs: [] }], 2);
    expect(counts.pending).toBe(0);
  });

  it('forgets objects removed by a pack and stamps what they left unreferenced', () => {
    const counts = new ReferenceCounts();
    counts.apply(
      [
        { oid: 1, refs: [2, 3] },
        { oid: 2, refs: [1] },
        { oid: 4, refs: [3] },
      ],
      1,
    );
    counts.forget([1, 2], 1);
    expect(counts.countOf(1)).toBe(0);
    expect(counts.countOf(3)).toBe(1);
    expect(counts.pending).toBe(0);
    counts.forget([4], 1);
    expect(counts.pending).toBe(1);
  });

  it('reports only the references a revision gains over the current one', () => {
    const counts = new ReferenceCounts();
    expect(counts.gained(1, [2, 3])).toEqual([2, 3]);
    counts.apply([{ oid: 1, refs: [2, 3, 4, 5] }], 1);
    expect(counts.gained(1, [2, 3, 4, 5])).toEqual([]);
    expect(counts.gained(1, [2, 9, 4, 5])).toEqual([9]);
    expect(counts.gained(1, [2, 3, 4, 5, 6])).toEqual([6]);
  });
});
