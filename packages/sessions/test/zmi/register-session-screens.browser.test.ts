// The sessions screens in headless Chromium: log in, change the session timeout of
// /temp_folder/session_data (the data is dropped, as the warning says), look at the live
// sessions, the browser id manager and the session data manager, log out. With
// ZOA_SCREENSHOTS=1 it saves the screenshots of docs/zmi.md into docs/images/.
import type http from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ObjectManager } from '@zoa/core';
import { newBrowserId } from '@zoa/sessions';
import type { TransientObjectContainer } from '@zoa/sessions';
import { createSessionsZmiSite, MANAGER } from './fixtures/zmi-sessions-site';
import type { ZmiSite } from './fixtures/zmi-sessions-site';
import {
  collectPageProblems,
  describeWithChromium,
  launchChromium,
  screenshotDir,
  serveOnLoopback,
} from '../../../core/test/fixtures/chromium';

const SHOT_DIR = screenshotDir();
const describeBrowser = describeWithChromium('the sessions ZMI browser tests');

jest.setTimeout(120_000);

describeBrowser('sessions screens in Chromium', () => {
  let z: ZmiSite;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    z = await createSessionsZmiSite();
    await z.withRoot(async (root) => {
      root.setTitle('Example site');
      const temp = (await root.publishTraverse('temp_folder')) as ObjectManager;
      const toc = (await temp.get('session_data')) as TransientObjectContainer;
      for (let i = 0; i < 4; i += 1) (await toc.new(newBrowserId())).set('cart', ['book']);
    });
    ({ server, base } = await serveOnLoopback(z.koa.callback()));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
    problems = collectPageProblems(page);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await z?.close();
  });

  afterEach(() => {
    expect(problems.splice(0)).toEqual([]);
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SHOT_DIR, `${name}.png`) });
  const message = () => page.locator('.zmi-message').first().textContent();

  it('logs in and opens the session data container', async () => {
    await page.goto(`${base}/temp_folder/session_data/manage_main`);
    await page.fill('#zoa-login-name', MANAGER.name);
    await page.fill('#zoa-login-password', MANAGER.password);
    await Promise.all([
      page.waitForURL(`${base}/temp_folder/session_data/manage_main`),
      page.click('button[type=submit]'),
    ]);
    expect(await page.locator('.zmi-panel').first().textContent()).toBe(
      '4 items are in this container.',
    );
    await page.click('.zmi-tabs a:has-text("Sessions")');
    expect(await page.locator('table.zmi-list tbody tr').count()).toBe(4);
    await shot('zmi-session-list');
  });

  it('changes the session timeout, dropping the data', async () => {
    await page.click('.zmi-tabs a:has-text("Settings")');
    await page.fill('#toc-timeout', '30');
    await page.fill('#toc-period', '30');
    await Promise.all([page.waitForURL(/manage_tabs_message/), page.click('button.primary')]);
    expect(await message()).toBe('Saved changes. The new timeout dropped every item.');
    expect(await page.inputValue('#toc-timeout')).toBe('30');
    expect(await page.locator('.zmi-panel').first().textContent()).toBe(
      'There are no items in this container.',
    );
    await shot('zmi-session-container');
  });

  it('shows the browser id manager and the session data manager', async () => {
    await page.goto(`${base}/browser_id_manager/manage_main`);
    expect(await page.inputValue('#bim-name')).toBe('_ZopeId');
    await shot('zmi-browser-id-manager');
    await page.goto(`${base}/session_data_manager/manage_main`);
    expect(await page.inputValue('#sdm-path')).toBe('/temp_folder/session_data');
    await page.click('.zmi-tabs a:has-text("Container defaults")');
    expect(await page.inputValue('#cd-timeout')).toBe('20');
  });

  it('logs out', async () => {
    await Promise.all([page.waitForURL(/login_form/), page.click('.zmi-user button')]);
  });
});
