import { TimesliceIndex } from '../../src/transience/timeslice-index';

async function liveKeys(index: TimesliceIndex, fromSlice: number): Promise<string[]> {
  return (await index.liveEntries(fromSlice)).map(([key]) => key);
}

describe('TimesliceIndex', () => {
  it('finds entries by key with the slice they were last touched in', async () => {
    const index = new TimesliceIndex(true);
    await index.add('a', 100, 'value');
    expect(await index.lookup('a')).toEqual([100, 'value']);
    expect(await index.lookup('b')).toBeUndefined();
    expect(await index.size()).toBe(1);
  });

  it('lists live entries oldest slice first, sorted within a slice', async () => {
    const index = new TimesliceIndex(true);
    await index.add('b', 120, 1);
    await index.add('z', 100, 1);
    await index.add('a', 120, 'x');
    await index.add('m', 100, 1);
    expect(await liveKeys(index, 0)).toEqual(['m', 'z', 'a', 'b']);
    expect(await index.liveEntries(120)).toEqual([
      ['a', [120, 'x']],
      ['b', [120, 1]],
    ]);
  });

  it('moves a key to a newer slice in the entries only, leaving its timeline entry behind', async () => {
    const index = new TimesliceIndex(true);
    await index.add('a', 100, 1);
    await index.add('b', 100, 1);
    await index.put('a', 100, 140, 2);
    expect(await index.lookup('a')).toEqual([140, 2]);
    expect(await liveKeys(index, 0)).toEqual(['b', 'a']);
    expect(await liveKeys(index, 120)).toEqual(['a']);
    // the timeline still has a at 100: housekeeping moves it on when it gets there
    expect(await index.expired(141, 10)).toEqual([
      ['a', 100],
      ['b', 100],
    ]);
    await index.requeue('a', 100, 140);
    expect(await index.expired(141, 10)).toEqual([
      ['b', 100],
      ['a', 140],
    ]);
  });

  it('adds a timeline entry when a put goes back in time (the clock was set back)', async () => {
    const index = new TimesliceIndex(true);
    await index.add('a', 140, 1);
    await index.put('a', 140, 100, 1);
    expect(await index.lookup('a')).toEqual([100, 1]);
    expect(await index.oldestSlice()).toBe(100);
  });

  it('lists expired keys of slices before a cutoff, oldest first, up to a bound', async () => {
    const index = new TimesliceIndex(true);
    await index.add('c', 100, 1);
    await index.add('a', 120, 1);
    await index.add('b', 140, 1);
    expect(await index.expired(140, 10)).toEqual([
      ['c', 100],
      ['a', 120],
    ]);
    expect(await index.expired(140, 1)).toEqual([['c', 100]]);
    await index.remove('c', 100);
    expect(await index.expired(140, 10)).toEqual([['a', 120]]);
    expect(await index.size()).toBe(2);
  });

  it('S-15: keeps a birth line when it tracks creation times, and lists keys made by a cutoff', async () => {
    const index = new TimesliceIndex(true, true);
    expect(await index.tracksCreation()).toBe(true);
    await index.add('b', 100, 1, 5_000);
    await index.add('a', 100, 1, 5_000);
    await index.add('c', 120, 1, 7_000.5);
    expect(await index.lookup('c')).toEqual([120, 1, 7_000.5]);
    expect(await index.oldestBirth()).toBe(5_000);
    expect(await index.bornBy(4_999, 10)).toEqual([]);
    expect(await index.bornBy(5_000, 10)).toEqual([
      ['a', 5_000],
      ['b', 5_000],
    ]);
    expect(await index.bornBy(7_000, 1)).toEqual([['a', 5_000]]);
    await index.put('a', 100, 140, 2, 5_000); // a touch keeps the creation time
    expect(await index.lookup('a')).toEqual([140, 2, 5_000]);
    await index.remove('a', 140, 5_000);
    await index.dropFromBirths('b', 5_000);
    expect(await index.bornBy(10_000, 10)).toEqual([['c', 7_000]]);
    expect(await index.size()).toBe(2);
  });

  it('keeps no creation times when it does not track them', async () => {
    const index = new TimesliceIndex(true);
    expect(await index.tracksCreation()).toBe(false);
    await index.add('a', 100, 1, 5_000);
    expect(await index.lookup('a')).toEqual([100, 1]);
    expect(await index.bornBy(10_000, 10)).toEqual([]);
    expect(await index.oldestBirth()).toBeUndefined();
  });

  it('keeps no timeline when items never expire, and walks keys in sorted order', async () => {
    const index = new TimesliceIndex(false);
    await index.add('b', 0, 1);
    await index.add('a', 0, 1);
    expect(await liveKeys(index, 0)).toEqual(['a', 'b']);
    expect(await index.expired(10 ** 9, 10)).toEqual([]);
    expect(await index.oldestSlice()).toBeUndefined();
  });
});
