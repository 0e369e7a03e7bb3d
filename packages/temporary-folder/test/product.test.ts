import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMountPoints, Site, validateSiteConfig } from '@zoa/core/config';
import type { SiteConfig } from '@zoa/core/config';
import { BrokenMountPoint, createProductRegistry, Folder } from '@zoa/core';
import type { ObjectManager, PublisherLogger } from '@zoa/core';
import { product } from '../src/product';
import { TemporaryContainer } from '../src/temporary-container';
import { TemporaryStorage } from '../src/temporary-storage';

/** A logger that keeps the warnings. */
function recordingLogger(): PublisherLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    info: () => undefined,
    error: () => undefined,
    warn: (_obj, msg) => warnings.push(msg ?? ''),
  };
}

describe('product', () => {
  let dir: string;
  let config: SiteConfig;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-temporary-'));
    config = validateSiteConfig(
      {
        products: ['@zoa/temporary-folder'],
        databases: {
          main: { storage: { type: 'sqlite', path: 'var/Data.sqlite' }, mountPoint: '/' },
          temporary: {
            name: 'Temporary database (for sessions)',
            storage: { type: 'temporary' },
            mountPoint: '/temp_folder',
            containerClass: 'TemporaryContainer',
          },
        },
      },
      dir,
    );
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function tempFolderOf(site: Site): Promise<ObjectManager> {
    return site.run(
      async (txn) => (await (await site.root(txn)).publishTraverse('temp_folder')) as ObjectManager,
    );
  }

  it('registers the "Temporary Folder" type, not addable, when installed in a product registry', () => {
    const registry = createProductRegistry(product);
    expect(registry.typeInfo('Temporary Folder')?.class).toBe(TemporaryContainer);
    expect(registry.addableTypes().map((type) => type.metaType)).not.toContain('Temporary Folder');
    expect(Object.keys(product.storageTypes ?? {})).toEqual(['temporary']);
  });

  it('opens the temporary database and logs what to do when the mount point is missing', async () => {
    const logger = recordingLogger();
    const site = await Site.open(config, { logger });
    try {
      expect(site.databases.get('temporary')?.storage).toBeInstanceOf(TemporaryStorage);
      expect(logger.warnings).toEqual([
        expect.stringContaining('configured for /temp_folder, but no mount point exists there yet'),
      ]);
      expect(logger.warnings[0]).toContain('zoa mount /temp_folder');
    } finally {
      await site.close();
    }
  });

  it('serves an empty TemporaryContainer at /temp_folder on every start once the mount point is added', async () => {
    const first = await Site.open(config, { logger: recordingLogger() });
    try {
      expect(await first.run((txn) => createMountPoints(first, txn, ['/temp_folder']))).toEqual([
        '/temp_folder',
      ]);
      await first.run(async (txn) => {
        const root = await first.root(txn);
        await root.setObject('kept', new Folder('kept', 'in the SQLite root'));
        const tempFolder = (await root.publishTraverse('temp_folder')) as TemporaryContainer;
        expect(tempFolder).toBeInstanceOf(TemporaryContainer);
        expect(tempFolder.getPath()).toBe('/temp_folder');
        await tempFolder.setObject('lost', new Folder('lost', 'in RAM'));
      });
      expect(await (await tempFolderOf(first)).objectIds()).toEqual(['lost']);
    } finally {
      await first.close();
    }
    const logger = recordingLogger();
    const second = await Site.open(config, { logger });
    try {
      expect(logger.warnings).toEqual([]);
      const ids = await second.run(async (txn) => (await second.root(txn)).objectIds());
      expect(ids).toEqual(expect.arrayContaining(['temp_folder', 'kept']));
      const tempFolder = await tempFolderOf(second);
      expect(tempFolder).toBeInstanceOf(TemporaryContainer);
      expect(await tempFolder.objectIds()).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('shows /temp_folder as a broken mount point when the product is not loaded', async () => {
    const first = await Site.open(config, { logger: recordingLogger() });
    await first.run((txn) => createMountPoints(first, txn, ['/temp_folder']));
    await first.close();
    const errors: string[] = [];
    const logger = {
      ...recordingLogger(),
      error: (obj: object) => errors.push(String((obj as { err?: unknown }).err)),
    };
    const site = await Site.open({ ...config, products: [] }, { logger });
    try {
      expect(errors.join()).toContain('unknown storage type "temporary"');
      const tempFolder = await site.run(async (txn) =>
        (await site.root(txn)).publishTraverse('temp_folder'),
      );
      expect(tempFolder).toBeInstanceOf(BrokenMountPoint);
      expect((tempFolder as BrokenMountPoint).error).toContain('temporary');
    } finally {
      await site.close();
    }
  });
});
