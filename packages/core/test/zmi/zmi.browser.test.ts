// The ZMI in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): log in,
// add a folder and a page, rename, cut and paste, edit properties, upload a file, add the
// temp_folder mount point, log out — with no script error, no CSP violation and no dialog.
// With ZOA_SCREENSHOTS=1 it saves the screenshots of docs/zmi.md into docs/images/.
import type http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { File, Folder } from '@zoa/core/tree';
import { createZmiSite, MANAGER } from './fixtures/zmi-site';
import type { ZmiSite } from './fixtures/zmi-site';
import {
  collectPageProblems,
  describeWithChromium,
  launchChromium,
  screenshotDir,
  serveOnLoopback,
} from '../fixtures/chromium';

const SHOT_DIR = screenshotDir();
const describeBrowser = describeWithChromium('the ZMI browser tests');

jest.setTimeout(120_000);

describeBrowser('ZMI in Chromium', () => {
  let z: ZmiSite;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    z = await createZmiSite();
    await z.withRoot(async (root) => {
      root.setTitle('Example site');
      const docs = await root.setObject('docs', new Folder('docs', 'Documentation'));
      await docs.setObject(
        'guide.pdf',
        new File('guide.pdf', Buffer.alloc(48_000, 1), {
          title: 'User guide',
          contentType: 'application/pdf',
        }),
      );
      await root.setObject('archive', new Folder('archive', 'Old things'));
    });
    ({ server, base } = await serveOnLoopback(z.koa.callback()));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
    problems = collectPageProblems(page, { acceptConfirms: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await z?.close();
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  const shot = (name: string) =>
    page.screenshot({ path: path.join(SHOT_DIR, `${name}.png`), fullPage: false });
  const message = () => page.locator('.zmi-message').first().textContent();
  const row = (id: string) => page.locator('table.zmi-list tbody tr', { hasText: id });

  it('logs in through the form and lands on the root contents', async () => {
    await page.goto(`${base}/manage_main`);
    await page.fill('#zoa-login-name', MANAGER.name);
    await page.fill('#zoa-login-password', MANAGER.password);
    await Promise.all([page.waitForURL(`${base}/manage_main`), page.click('button[type=submit]')]);
    await expectText('.zmi-user-name', MANAGER.name);
    await expectText('.zmi-tabs a.active', 'Contents');
  });

  it('adds a folder through the add menu', async () => {
    await page.selectOption('#zmi-add-type', 'Folder');
    await Promise.all([page.waitForURL(/manage_addForm/), page.click('form.zmi-add button')]);
    await page.fill('#zmi-field-id', 'news');
    await page.fill('#zmi-field-title', 'News & events');
    await shot('zmi-add-form');
    await Promise.all([page.waitForURL(/manage_main/), page.click('button.primary')]);
    expect(await message()).toBe('Added the Folder "news".');
    await expect(row('news').locator('bdi').nth(1).textContent()).resolves.toBe('News & events');
  });

  it('adds a page in the folder', async () => {
    await page.click('a:has-text("news")');
    await page.selectOption('#zmi-add-type', 'Page');
    await Promise.all([page.waitForURL(/manage_addForm/), page.click('form.zmi-add button')]);
    await page.fill('#zmi-field-id', 'front');
    await page.fill('#zmi-field-title', 'Front page');
    await page.fill('#zmi-field-source', '<h1>{{ context.title }}</h1>\n<p>Welcome.</p>');
    await Promise.all([page.waitForURL(/manage_main/), page.click('button.primary')]);
    expect(await message()).toBe('Added the Page "front".');
    await page.click('a:has-text("front")');
    await expectText('.zmi-tabs a.active', 'Edit');
    await shot('zmi-page-edit');
    await page.click('.zmi-tabs a:has-text("Preview")');
    const frame = page.frameLocator('iframe.zmi-preview');
    await expect(frame.locator('h1').textContent()).resolves.toBe('News & events');
    await shot('zmi-page-preview');
  });

  it('renames the page', async () => {
    await page.goto(`${base}/news/manage_main`);
    await row('front').locator('input[name=ids]').check();
    await Promise.all([
      page.waitForURL(/manage_renameForm/),
      page.click('button:has-text("Rename")'),
    ]);
    await page.fill('input[name=new_ids]', 'home');
    await Promise.all([page.waitForURL(/manage_main/), page.click('button.primary')]);
    expect(await message()).toBe('Renamed 1 object.');
    expect(await row('home').count()).toBe(1);
  });

  it('cuts the page and pastes it into the archive', async () => {
    await row('home').locator('input[name=ids]').check();
    await Promise.all([page.waitForURL(/manage_main/), page.click('button:has-text("Cut")')]);
    expect(await message()).toBe('1 object cut; paste it into a folder.');
    await page.goto(`${base}/archive/manage_main`);
    await Promise.all([page.waitForURL(/manage_main/), page.click('button:has-text("Paste")')]);
    expect(await message()).toBe('Moved 1 object.');
    expect(await row('home').count()).toBe(1);
    await page.goto(`${base}/news/manage_main`);
    await expectText('.zmi-empty', 'There are currently no items in this folder.');
  });

  it('selects every row with the select-all box', async () => {
    await page.goto(`${base}/manage_main`);
    const deleteButton = page.locator('button:has-text("Delete")');
    expect(await deleteButton.isDisabled()).toBe(true);
    await page.check('input[data-select-all]');
    const boxes = page.locator('input[name=ids]');
    expect(await boxes.count()).toBe(3);
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(true);
    expect(await deleteButton.isDisabled()).toBe(false);
    await page.uncheck('input[data-select-all]');
    await shot('zmi-contents');
  });

  it('edits and adds properties', async () => {
    await page.goto(`${base}/news/manage_propertiesForm`);
    await page.fill('#zmi-property-title', 'News');
    await Promise.all([
      page.waitForURL(/manage_propertiesForm/),
      page.click('button:has-text("Save changes")'),
    ]);
    expect(await message()).toBe('Saved changes.');
    await page.fill('#zmi-new-id', 'pages');
    await page.selectOption('#zmi-new-type', 'int');
    await page.fill('#zmi-new-value', '12');
    await Promise.all([
      page.waitForURL(/manage_propertiesForm/),
      page.click('button:has-text("Add property")'),
    ]);
    expect(await message()).toBe('Added the property "pages".');
    expect(await page.inputValue('#zmi-property-pages')).toBe('12');
    await page.fill('#zmi-new-id', 'tags');
    await page.selectOption('#zmi-new-type', 'lines');
    await page.fill('#zmi-new-value', 'press');
    await page.click('button:has-text("Add property")');
    await page.waitForURL(/manage_tabs_message/);
    await shot('zmi-properties');
  });

  it('uploads a file with the add form', async () => {
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: 480, height: 160 } });
    await page.goto(`${base}/docs/manage_addForm?type=File`);
    await page.fill('#zmi-field-title', 'Logo');
    await page.setInputFiles('#zmi-field-file', {
      name: 'logo.png',
      mimeType: 'image/png',
      buffer: png,
    });
    await Promise.all([
      page.waitForURL(/manage_main\?manage_tabs_message/),
      page.click('button.primary'),
    ]);
    expect(await message()).toBe('Added the File "logo.png".');
    await page.click('a:has-text("logo.png")');
    await expectText('dd code', 'image/png');
    const preview = page.locator('img.zmi-image');
    await preview.waitFor();
    expect(
      await preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(480);
    await shot('zmi-file');
    await page.setInputFiles('#zmi-file-data', {
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello'),
    });
    await Promise.all([
      page.waitForURL(/manage_tabs_message/),
      page.click('button:has-text("Upload")'),
    ]);
    expect(await message()).toBe('Uploaded notes.txt (5 B).');
  });

  it('adds the temp_folder mount point', async () => {
    await page.goto(`${base}/manage_main`);
    await page.selectOption('#zmi-add-type', 'Mount Point');
    await Promise.all([page.waitForURL(/manage_addForm/), page.click('form.zmi-add button')]);
    await expectText('.zmi-badge', 'Ready to create');
    await shot('zmi-mount-points');
    await Promise.all([page.waitForURL(/manage_main/), page.click('button.primary')]);
    expect(await message()).toBe('Created the mount point /temp_folder.');
    await expect(row('temp_folder').textContent()).resolves.toContain(
      'Mount Point: Temporary Folder',
    );
  });

  it('shows the users and the Control Panel, and packs a database', async () => {
    await page.goto(`${base}/acl_users/manage_main`);
    await shot('zmi-users');
    await page.goto(`${base}/manage_controlPanel`);
    const pack = page.locator('tr', { hasText: 'main (main)' }).locator('button:has-text("Pack")');
    await Promise.all([page.waitForURL(/manage_tabs_message/), pack.click()]);
    expect(await message()).toMatch(
      /^Packed the database "main" in [\d.]+ s: removed \d+ objects?\.$/,
    );
    await shot('zmi-control-panel');
  });

  it('logs out', async () => {
    await Promise.all([page.waitForURL(/login_form/), page.click('.zmi-user button')]);
    await page.goto(`${base}/manage_main`);
    expect(await page.locator('#zoa-login-name').count()).toBe(1);
  });

  async function expectText(selector: string, text: string): Promise<void> {
    await expect(page.locator(selector).first().textContent()).resolves.toContain(text);
  }
});
