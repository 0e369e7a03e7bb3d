import { describeStorageContract } from '@zoa/core/testing';
import { TemporaryStorage } from '../src/temporary-storage';

describeStorageContract('TemporaryStorage', async () => ({ storage: new TemporaryStorage() }));
