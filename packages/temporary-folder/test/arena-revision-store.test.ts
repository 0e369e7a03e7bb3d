import { describeRevisionStoreContract } from '@zoa/core/testing';
import { ArenaRevisionStore } from '../src/arena-revision-store';

describeRevisionStoreContract('ArenaRevisionStore', () => new ArenaRevisionStore());
describeRevisionStoreContract(
  'ArenaRevisionStore with 4 KiB segments',
  () => new ArenaRevisionStore({ segmentSize: 4096 }),
);

describe('ArenaRevisionStore', () => {
  it('counts UTF-8 bytes of states and the class names as bytes', () => {
    const store = new ArenaRevisionStore();
    store.add({ oid: 1, serial: 1, className: 'C', state: '"é"' });
    expect(store.bytes).toBe(1 + 4);
    store.add({ oid: 1, serial: 2, className: 'C', state: '""' });
    store.dropBefore(1, 2);
    expect(store.bytes).toBe(1 + 2);
  });
});
