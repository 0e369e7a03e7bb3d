import { ConfigError } from '@zoa/core/config';
import { createTemporaryStorage } from '../src/create-temporary-storage';
import { TemporaryStorage } from '../src/temporary-storage';

const context = {
  key: 'databases.temporary.storage',
  baseDir: '/site',
  name: 'Temporary database',
};

describe('createTemporaryStorage', () => {
  it('makes a TemporaryStorage named after the database when given only the type', async () => {
    const storage = createTemporaryStorage({ type: 'temporary' }, context);
    expect(storage).toBeInstanceOf(TemporaryStorage);
    expect(storage.name).toBe('Temporary database');
    await storage.close();
  });

  it('accepts cycleGcEvery and changeLogSize when they are integers in range', async () => {
    const storage = createTemporaryStorage(
      { type: 'temporary', cycleGcEvery: 1000, changeLogSize: 50 },
      context,
    );
    expect(storage).toBeInstanceOf(TemporaryStorage);
    await storage.close();
  });

  it('throws a ConfigError naming the key when an option is unknown or bad', () => {
    const unknown = (): unknown =>
      createTemporaryStorage({ type: 'temporary', path: 'x' }, context);
    expect(unknown).toThrow(ConfigError);
    expect(unknown).toThrow('Invalid configuration at "databases.temporary.storage.path"');
    expect(() => createTemporaryStorage({ type: 'temporary', path: 'x' }, context)).toThrow(
      'known: changeLogSize, cycleGcEvery',
    );
    expect(() => createTemporaryStorage({ type: 'temporary', cycleGcEvery: -1 }, context)).toThrow(
      'Invalid configuration at "databases.temporary.storage.cycleGcEvery"',
    );
    expect(() => createTemporaryStorage({ type: 'temporary', changeLogSize: 0 }, context)).toThrow(
      ConfigError,
    );
  });
});
