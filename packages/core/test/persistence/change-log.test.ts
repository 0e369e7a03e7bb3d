import { ChangeLog } from '../../src/persistence/change-log';

const sorted = (oids: readonly number[] | null): number[] | null =>
  oids === null ? null : [...oids].sort((a, b) => a - b);

describe('ChangeLog', () => {
  it('lists the distinct oids written after since up to upTo', () => {
    const log = new ChangeLog(10);
    log.add(1, [0, 1]);
    log.add(2, [1, 2]);
    log.add(3, [3]);
    expect(sorted(log.changedSince(0, 3))).toEqual([0, 1, 2, 3]);
    expect(sorted(log.changedSince(1, 2))).toEqual([1, 2]);
    expect(log.changedSince(3, 3)).toEqual([]);
  });

  it('answers null when since is older than what the log keeps', () => {
    const log = new ChangeLog(2);
    for (let tid = 1; tid <= 5; tid += 1) log.add(tid, [tid]);
    expect(log.changedSince(0, 5)).toBeNull();
    expect(sorted(log.changedSince(3, 5))).toEqual([4, 5]);
  });

  it('lists an oid written by several transactions once, and only those in the range', () => {
    const log = new ChangeLog(100);
    for (let tid = 1; tid <= 10; tid += 1) log.add(tid, [tid % 3, 100 + tid]);
    expect(sorted(log.changedSince(2, 6))).toEqual([0, 1, 2, 103, 104, 105, 106]);
    expect(sorted(log.changedSince(5, 6))).toEqual([0, 106]);
    expect(sorted(log.changedSince(9, 20))).toEqual([1, 110]);
    expect(sorted(log.changedSince(10, 20))).toEqual([]);
  });

  it('finds duplicates among many oids', () => {
    const log = new ChangeLog(100);
    for (let tid = 1; tid <= 10; tid += 1)
      log.add(
        tid,
        Array.from({ length: 20 }, (_, i) => i),
      );
    expect(sorted(log.changedSince(0, 10))).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
