// The shop in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): browse,
// add to the cart, see it kept across pages, check out. With ZOA_SCREENSHOTS=1 it saves the
// screenshots used in docs/getting-started.md.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { Site } from '@zoa/core';
import {
  describeWithChromium,
  launchChromium,
  SAVE_SCREENSHOTS,
  screenshotDir,
  serveOnLoopback,
} from '../../../packages/core/test/fixtures/chromium';
import { openExample, tempSiteDir } from './example-site';

const SHOT_DIR = screenshotDir();
const describeBrowser = describeWithChromium('the shop browser test');

jest.setTimeout(120_000);

describeBrowser('the example shop in Chromium', () => {
  let dir: string;
  let site: Site;
  let server: http.Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = tempSiteDir();
    const opened = await openExample(dir);
    site = opened.site;
    ({ server, base } = await serveOnLoopback(opened.handler));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    await site?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (!SAVE_SCREENSHOTS) fs.rmSync(SHOT_DIR, { recursive: true, force: true });
  });

  it('fills the cart, keeps it across pages, and checks out', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 640 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Catalogue' }).first().click();
    await page.waitForURL(`${base}/catalogue/`);
    await page.screenshot({ path: path.join(SHOT_DIR, 'example-catalogue.png') });

    const espresso = page.locator('li', { hasText: 'Espresso beans' });
    await espresso.getByLabel('Quantity').fill('2');
    await espresso.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(/\/cart\?message=/);
    await page.getByText('Added Espresso beans, 1 kg to your cart.').waitFor();

    await page.goto(`${base}/catalogue/grinder`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL(/\/cart/);
    expect(await page.locator('tfoot').innerText()).toContain('€107.00'); // 2 × 21.50 + 64
    await page.screenshot({ path: path.join(SHOT_DIR, 'example-cart.png') });

    await page.goto(`${base}/session_info`);
    expect(await page.locator('#bid-new').innerText()).toBe('known: sent by your browser');
    expect(await page.locator('#keys').innerText()).toBe('cart');

    await page.goto(`${base}/cart`);
    await page.getByRole('button', { name: 'Check out' }).click();
    await page.getByText('Thank you for your order').waitFor();
    expect(await page.locator('main').innerText()).toContain('Total: €107.00');
    await page.goto(`${base}/cart`);
    await page.getByText('Your cart is empty.').waitFor();
    expect(errors).toEqual([]);
  });
});
