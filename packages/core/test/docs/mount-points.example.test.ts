// The snippets of docs/mount-points.md live here, between `#region` markers, and run as tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { createMountPoints, listMountPoints, loadConfig, Site } from '@zoa/core/config';
import { Folder } from '@zoa/core/tree';
import type { ObjectManager } from '@zoa/core/tree';

const configText = `
# #region config
databases:
  main:
    storage: { type: sqlite, path: var/Data.sqlite }
    mountPoint: /
  archive:
    name: Archive (a second SQLite file)
    storage: { type: sqlite, path: var/Archive.sqlite }
    mountPoint: /archive
    containerClass: Folder
# #endregion config
`;

describe('docs/mount-points.md', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-mount-doc-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('configures, creates and uses a mount point', async () => {
    expect(YAML.parse(configText)).toBeDefined();
    fs.writeFileSync(path.join(dir, 'zoa.config.yaml'), configText);
    const configFile = path.join(dir, 'zoa.config.yaml');
    // #region create
    const site = await Site.open(loadConfig(configFile));

    const statuses = await site.run((txn) => listMountPoints(site, txn));
    // [{ path: '/archive', databaseName: 'archive', status: 'ready', label: 'Ready to create', ... }]

    await site.run((txn) => createMountPoints(site, txn, ['/archive'])); // once per site
    // #endregion create
    expect(statuses.map((s) => s.label)).toEqual(['Ready to create']);

    // #region use
    await site.run(async (txn) => {
      const root = await site.root(txn);
      const archive = (await root.publishTraverse('archive')) as ObjectManager;
      await archive.setObject('2026', new Folder('2026')); // stored in var/Archive.sqlite
    });
    // #endregion use
    await site.run(async (txn) => {
      const archive = (await (await site.root(txn)).publishTraverse('archive')) as ObjectManager;
      expect(await archive.objectIds()).toEqual(['2026']);
    });
    await site.close();
  });
});
