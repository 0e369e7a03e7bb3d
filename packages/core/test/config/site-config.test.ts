import { ConfigError, validateSiteConfig } from '@zoa/core/config';

const main = { storage: { type: 'sqlite', path: 'var/Data.sqlite' }, mountPoint: '/' };

describe('validateSiteConfig', () => {
  it('fills in defaults and puts the main database first', () => {
    const config = validateSiteConfig(
      {
        databases: {
          temporary: {
            name: 'Temporary database (for sessions)',
            storage: { type: 'temporary' },
            mountPoint: '/temp_folder',
            containerClass: 'TemporaryContainer',
          },
          main,
        },
      },
      '/site',
    );
    expect(config.baseDir).toBe('/site');
    expect(config.server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      trustProxy: false,
      allowedHosts: [],
      development: false,
      shutdownTimeoutSeconds: 10,
    });
    expect(config.databases.map((db) => db.id)).toEqual(['main', 'temporary']);
    expect(config.databases[1]).toEqual({
      id: 'temporary',
      name: 'Temporary database (for sessions)',
      storage: { type: 'temporary' },
      mountPoint: '/temp_folder',
      containerClass: 'TemporaryContainer',
    });
    expect(config.products).toEqual([]);
  });

  it.each([
    [{}, 'databases', 'declare at least the main database'],
    [{ databases: { main }, extra: 1 }, 'extra', 'unknown key'],
    [{ databases: { main }, server: { port: 'x' } }, 'server.port', 'expected a port number'],
    [{ databases: { main }, server: { prot: 1 } }, 'server.prot', 'unknown key'],
    [
      { databases: { main: { ...main, storage: {} } } },
      'databases.main.storage.type',
      'expected a storage type',
    ],
    [
      { databases: { main: { ...main, mountPoint: 'x' } } },
      'databases.main.mountPoint',
      'absolute path',
    ],
    [{ databases: { other: { ...main, mountPoint: '/x' } } }, 'databases', 'mounted at "/"'],
    [
      { databases: { main, t: { ...main } } },
      'databases.t.mountPoint',
      'already used by database "main"',
    ],
    [{ databases: { '1x': main } }, 'databases.1x', 'starts with a letter'],
    [{ databases: { main }, products: 'x' }, 'products', 'list of strings'],
    [
      { databases: { main: { ...main, containerClass: 3 } } },
      'databases.main.containerClass',
      'expected a string',
    ],
  ])('names the bad key when the document is %j', (doc, key, message) => {
    let error: unknown;
    try {
      validateSiteConfig(doc, '/site');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe(key);
    expect((error as ConfigError).message).toContain(`"${key}"`);
    expect((error as ConfigError).message).toContain(message);
  });
});
