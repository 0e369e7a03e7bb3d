import { RevisionStore } from '../../src/persistence/revision-store';

function filled(): RevisionStore {
  const store = new RevisionStore();
  for (const serial of [2, 5, 9]) {
    store.add({ oid: 1, serial, className: 'C', state: `"${serial}"` });
  }
  return store;
}

describe('RevisionStore', () => {
  it('returns the newest revision with serial <= tid when asked at a tid', () => {
    const store = filled();
    expect(store.at(1, 1)).toBeUndefined();
    expect(store.at(1, 4)?.serial).toBe(2);
    expect(store.at(1, 5)?.serial).toBe(5);
    expect(store.at(1, 100)?.serial).toBe(9);
    expect(store.latest(1)?.serial).toBe(9);
  });

  it('keeps the revision visible at tid when dropping revisions before it', () => {
    const store = filled();
    expect(store.dropBefore(1, 7)).toBe(1);
    expect(store.revisionsOf(1).map((r) => r.serial)).toEqual([5, 9]);
    expect(store.dropBefore(1, 9)).toBe(1);
    expect(store.revisionsOf(1).map((r) => r.serial)).toEqual([9]);
    expect(store).toMatchObject({ objects: 1, records: 1, bytes: 4 });
  });

  it('drops every older revision, and the object when none is left, when all is set', () => {
    const store = filled();
    expect(store.dropBefore(1, 9, true)).toBe(2);
    expect(store.dropBefore(1, 10, true)).toBe(1);
    expect(store.has(1)).toBe(false);
    expect(store).toMatchObject({ objects: 0, records: 0, bytes: 0 });
  });

  it('throws when a revision is not newer than the last one', () => {
    const store = filled();
    expect(() => store.add({ oid: 1, serial: 9, className: 'C', state: '{}' })).toThrow();
  });
});
