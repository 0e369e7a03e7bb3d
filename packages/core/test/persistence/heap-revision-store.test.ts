import { HeapRevisionStore } from '../../src/persistence/heap-revision-store';
import { describeRevisionStoreContract } from '../../src/testing/revision-store-contract';

describeRevisionStoreContract('HeapRevisionStore', () => new HeapRevisionStore());

describe('HeapRevisionStore', () => {
  it('counts the UTF-16 code units of class names and states as bytes', () => {
    const store = new HeapRevisionStore();
    store.add({ oid: 1, serial: 1, className: 'C', state: '"1"' });
    store.add({ oid: 1, serial: 2, className: 'C', state: '"22"' });
    expect(store.bytes).toBe(4 + 5);
    store.dropBefore(1, 2);
    expect(store.bytes).toBe(5);
  });
});
