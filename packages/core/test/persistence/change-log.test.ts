import { ChangeLog } from '../../src/persistence/change-log';

describe('ChangeLog', () => {
  it('lists the distinct oids written after since up to upTo', () => {
    const log = new ChangeLog(10);
    log.add(1, [0, 1]);
    log.add(2, [1, 2]);
    log.add(3, [3]);
    expect(log.changedSince(0, 3)?.sort()).toEqual([0, 1, 2, 3]);
    expect(log.changedSince(1, 2)?.sort()).toEqual([1, 2]);
    expect(log.changedSince(3, 3)).toEqual([]);
  });

  it('answers null when since is older than what the log keeps', () => {
    const log = new ChangeLog(2);
    for (let tid = 1; tid <= 5; tid += 1) log.add(tid, [tid]);
    expect(log.changedSince(0, 5)).toBeNull();
    expect(log.changedSince(3, 5)?.sort()).toEqual([4, 5]);
  });
});
