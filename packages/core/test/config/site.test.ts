import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMountPoints, listMountPoints, Site, validateSiteConfig } from '@zoa/core/config';
import type { SiteProduct } from '@zoa/core/config';
import { BrokenMountPoint, Folder, MountPoint } from '@zoa/core/tree';
import type { ObjectManager } from '@zoa/core/tree';
import { SqliteStorage } from '@zoa/core/persistence';

describe('Site', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-site-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const twoFiles = (extra: Record<string, unknown> = {}) =>
    validateSiteConfig(
      {
        databases: {
          main: { storage: { type: 'sqlite', path: 'var/Data.sqlite' }, mountPoint: '/' },
          archive: {
            name: 'Archive',
            storage: { type: 'sqlite', path: 'var/Archive.sqlite' },
            mountPoint: '/archive',
          },
          ...extra,
        },
      },
      dir,
    );

  it('lists a configured mount point as ready, creates it once, then reports it ok', async () => {
    const site = await Site.open(twoFiles());
    try {
      const before = await site.run((txn) => listMountPoints(site, txn));
      expect(before).toEqual([
        expect.objectContaining({
          path: '/archive',
          databaseName: 'archive',
          status: 'ready',
          label: 'Ready to create',
        }),
      ]);
      expect(await site.run((txn) => createMountPoints(site, txn))).toEqual(['/archive']);
      const after = await site.run((txn) => listMountPoints(site, txn));
      expect(after[0]?.status).toBe('ok');
      await expect(site.run((txn) => createMountPoints(site, txn, ['/nowhere']))).rejects.toThrow(
        'No database is configured for the mount path /nowhere.',
      );
    } finally {
      await site.close();
    }
  });

  it('writes objects under a mount point into the mounted database file', async () => {
    const site = await Site.open(twoFiles());
    try {
      await site.run((txn) => createMountPoints(site, txn));
      await site.run(async (txn) => {
        const archive = (await (await site.root(txn)).publishTraverse('archive')) as ObjectManager;
        expect(archive).toBeInstanceOf(Folder);
        expect(archive.getPath()).toBe('/archive');
        await archive.setObject('report', new Folder('report', 'Yearly report'));
      });
    } finally {
      await site.close();
    }
    const archiveStorage = new SqliteStorage({ path: path.join(dir, 'var/Archive.sqlite') });
    const mainStorage = new SqliteStorage({ path: path.join(dir, 'var/Data.sqlite') });
    try {
      const inArchive = await recordsMentioning(archiveStorage, 'Yearly report');
      const inMain = await recordsMentioning(mainStorage, 'Yearly report');
      expect(inArchive).toBe(1);
      expect(inMain).toBe(0);
    } finally {
      await archiveStorage.close();
      await mainStorage.close();
    }
  });

  it('aborts the writes in both databases when one vote fails', async () => {
    const site = await Site.open(twoFiles());
    try {
      await site.run((txn) => createMountPoints(site, txn));
      const archiveDb = site.databases.get('archive')!;
      const vote = archiveDb.storage.tpcVote.bind(archiveDb.storage);
      archiveDb.storage.tpcVote = async () => {
        throw new Error('disk full');
      };
      await expect(
        site.run(async (txn) => {
          const root = await site.root(txn);
          await root.setObject('in_main', new Folder('in_main'));
          const archive = (await root.publishTraverse('archive')) as ObjectManager;
          await archive.setObject('in_archive', new Folder('in_archive'));
        }),
      ).rejects.toThrow('disk full');
      archiveDb.storage.tpcVote = vote;
      await site.run(async (txn) => {
        const root = await site.root(txn);
        expect(await root.has('in_main')).toBe(false);
        const archive = (await root.publishTraverse('archive')) as ObjectManager;
        expect(await archive.has('in_archive')).toBe(false);
      });
    } finally {
      await site.close();
    }
  });

  it('shows a broken mount point when the mounted database is missing, and the root still works', async () => {
    const site = await Site.open(twoFiles());
    await site.run((txn) => createMountPoints(site, txn));
    await site.close();
    // reopen with the archive database's storage type unknown: it fails to open
    const warnings: string[] = [];
    const logger = {
      info: () => undefined,
      warn: () => undefined,
      error: (_o: object, msg?: string) => void warnings.push(msg ?? ''),
    };
    const broken = await Site.open(
      twoFiles({ archive: { storage: { type: 'nosuchtype' }, mountPoint: '/archive' } }),
      { logger },
    );
    try {
      expect(warnings.join('\n')).toContain('Database "archive" failed to open');
      await broken.run(async (txn) => {
        const root = await broken.root(txn);
        const mount = await root.publishTraverse('archive');
        expect(mount).toBeInstanceOf(BrokenMountPoint);
        expect((mount as BrokenMountPoint).error).toContain('unknown storage type "nosuchtype"');
        expect(await root.get('archive')).toBeInstanceOf(MountPoint);
        await root.setObject('still_works', new Folder('still_works'));
      });
      const statuses = await broken.run((txn) => listMountPoints(broken, txn));
      expect(statuses[0]).toEqual(expect.objectContaining({ status: 'error', label: 'Error' }));
    } finally {
      await broken.close();
    }
  });

  it('runs product startup hooks on every start and logs a hint for a mount point not created yet', async () => {
    const warnings: string[] = [];
    const logger = {
      info: () => undefined,
      warn: (_o: object, msg?: string) => void warnings.push(msg ?? ''),
      error: () => undefined,
    };
    let starts = 0;
    const product: SiteProduct = {
      name: 'counter',
      startup: [
        async ({ root }) => {
          starts += 1;
          if (!(await root.has('news'))) await root.setObject('news', new Folder('news'));
        },
      ],
    };
    for (let i = 0; i < 2; i += 1) {
      const site = await Site.open(twoFiles(), { products: [product], logger });
      await site.run(async (txn) => expect(await (await site.root(txn)).has('news')).toBe(true));
      await site.close();
    }
    expect(starts).toBe(2);
    expect(warnings[0]).toContain(
      'Database "archive" is configured for /archive, but no mount point exists there yet',
    );
    expect(warnings[0]).toContain('zoa mount /archive');
  });
});

async function recordsMentioning(storage: SqliteStorage, text: string): Promise<number> {
  let count = 0;
  const last = await storage.lastTransaction();
  const snapshot = await storage.openSnapshot(null);
  for (let oid = 0; oid < 100; oid += 1) {
    const record = await storage.load(oid, last);
    if (record?.state.includes(text)) count += 1;
  }
  storage.closeSnapshot(snapshot.tid);
  return count;
}
