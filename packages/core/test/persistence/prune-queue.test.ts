import { PruneQueue } from '../../src/persistence/prune-queue';

describe('PruneQueue', () => {
  it('hands out the entries up to the floor in tid order, each once', () => {
    const queue = new PruneQueue();
    for (const tid of [3, 5, 8]) queue.push({ tid, oids: [tid], removal: false });
    queue.push({ tid: 9, oids: [], removal: false });
    expect(queue.length).toBe(3);
    expect(queue.takeReady(5).map((e) => e.tid)).toEqual([3, 5]);
    expect(queue.takeReady(5)).toEqual([]);
    expect(queue.takeReady(Infinity).map((e) => e.tid)).toEqual([8]);
    expect(queue.length).toBe(0);
  });
});
