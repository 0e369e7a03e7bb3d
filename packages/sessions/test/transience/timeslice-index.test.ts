import { TimesliceIndex } from '../../src/transience/timeslice-index';

async function collect(keys: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const key of keys) out.push(key);
  return out;
}

describe('TimesliceIndex', () => {
  it('finds entries by key with the slice they were last touched in', async () => {
    const index = new TimesliceIndex(true);
    await index.add('a', 100, 'value');
    expect(await index.lookup('a')).toEqual([100, 'value']);
    expect(await index.lookup('b')).toBeUndefined();
    expect(await index.size()).toBe(1);
  });

  it('walks live keys oldest slice first, sorted within a slice', async () => {
    const index = new TimesliceIndex(true);
    await index.add('b', 120, 1);
    await index.add('z', 100, 1);
    await index.add('a', 120, 1);
    await index.add('m', 100, 1);
    expect(await collect(index.liveKeys(0))).toEqual(['m', 'z', 'a', 'b']);
    expect(await collect(index.liveKeys(120))).toEqual(['a', 'b']);
  });

  it('moves a key to a newer slice when put with another slice', async () => {
    const index = new TimesliceIndex(true);
    await index.add('a', 100, 1);
    await index.add('b', 100, 1);
    await index.put('a', 100, 140, 2);
    expect(await index.lookup('a')).toEqual([140, 2]);
    expect(await collect(index.liveKeys(0))).toEqual(['b', 'a']);
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

  it('keeps no timeline when items never expire, and walks keys in sorted order', async () => {
    const index = new TimesliceIndex(false);
    await index.add('b', 0, 1);
    await index.add('a', 0, 1);
    expect(await collect(index.liveKeys(0))).toEqual(['a', 'b']);
    expect(await index.expired(10 ** 9, 10)).toEqual([]);
    expect(await index.oldestSlice()).toBeUndefined();
  });
});
