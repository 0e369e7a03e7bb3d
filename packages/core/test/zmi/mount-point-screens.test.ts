// The "Mount Point" add screen (configured databases and their state; creating the chosen
// ones, the seed's once-only step) and a broken mount point's error screen.
import { createWebApp, Site, validateSiteConfig } from '@zoa/core/config';
import request from 'supertest';
import { BrokenMountPoint, MountPoint } from '@zoa/core/tree';
import { Browser, createZmiSite, KEY, messageOf, textOf } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';

describe('mount point screens', () => {
  let z: ZmiSite;
  let browser: Browser;
  beforeEach(async () => {
    z = await createZmiSite();
    browser = new Browser(z.http);
    await browser.logIn();
  });
  afterEach(() => z.close());

  it('lists the configured databases as ready, creates /temp_folder, then reports it ok', async () => {
    const screen = await browser.get('/manage_addForm?type=Mount%20Point');
    expect(screen.status).toBe(200);
    expect(screen.text).toContain('<code><bdi>/temp_folder</bdi></code>');
    expect(screen.text).toContain('Temporary database (for sessions)');
    expect(screen.text).toContain('<span class="zmi-badge ready">Ready to create</span>');
    expect(screen.text).toContain('name="paths" value="/temp_folder" checked');
    const created = await browser.post('/manage_addMountPoints', { paths: '/temp_folder' });
    expect(messageOf(created)).toBe('Created the mount point /temp_folder.');
    await z.withRoot(async (root) => {
      expect(await root.get('temp_folder')).toBeInstanceOf(MountPoint);
      expect(((await root.publishTraverse('temp_folder')) as { metaType: string }).metaType).toBe(
        'Temporary Folder',
      );
    });
    const after = await browser.get('/manage_addForm?type=Mount%20Point');
    expect(after.text).toContain('<span class="zmi-badge ok">Ok</span>');
    const contents = await browser.get('/manage_main');
    expect(contents.text).toContain(
      '<a href="/temp_folder/manage_main"><bdi>temp_folder</bdi></a>',
    );
    expect(contents.text).toContain('Mount Point: Temporary Folder');
    const inside = await browser.get('/temp_folder/manage_main');
    expect(inside.status).toBe(200);
    expect(inside.text).toContain('There are currently no items in this folder.');
  });

  it('refuses to create a mount point that is not configured', async () => {
    const res = await browser.post('/manage_addMountPoints', { paths: '/nowhere' });
    expect(res.status).toBe(200);
    expect(textOf(res.text)).toContain('No database is configured for the mount path /nowhere.');
    const none = await browser.post('/manage_addMountPoints');
    expect(textOf(none.text)).toContain('Choose the mount points to create.');
  });

  it('shows a broken mount point with its error while the rest of the site works', async () => {
    await browser.post('/manage_addMountPoints', { paths: '/temp_folder' });
    const dir = z.dir;
    await z.site.close();
    const config = validateSiteConfig(
      {
        databases: {
          main: { storage: { type: 'sqlite', path: 'var/Data.sqlite' }, mountPoint: '/' },
          temporary: {
            name: 'Temporary <b>database</b>',
            storage: { type: 'nosuchtype' },
            mountPoint: '/temp_folder',
          },
        },
        settings: { security: { keys: [KEY] } },
      },
      dir,
    );
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const site = await Site.open(config, { logger: quiet });
    try {
      const again = new Browser(request(createWebApp(site).callback()));
      await again.logIn();
      const contents = await again.get('/manage_main');
      expect(contents.text).toContain('<span class="zmi-badge bad">Broken Mount Point</span>');
      const screen = await again.get('/temp_folder/manage_main');
      expect(screen.status).toBe(200);
      expect(screen.text).toContain('cannot be opened');
      expect(textOf(screen.text)).toContain('unknown storage type "nosuchtype"');
      expect(screen.text).toContain(
        '<a href="/temp_folder/manage_main" class="active" aria-current="page">Error</a>',
      );
      const panel = await again.get('/manage_controlPanel');
      expect(panel.text).toContain('<span class="zmi-badge bad">Error</span>');
      expect(panel.text).toContain('Temporary &lt;b&gt;database&lt;/b&gt;');
      await site.run(async (txn) => {
        expect(await (await site.root(txn)).publishTraverse('temp_folder')).toBeInstanceOf(
          BrokenMountPoint,
        );
      });
    } finally {
      await site.close();
    }
  });
});
