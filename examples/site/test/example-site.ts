// Opens the example site on a copy of its configuration whose databases live in a temporary
// folder, so tests never write into the repository.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWebApp, loadConfig, Site } from '@zoa/core';
import type { SiteConfig } from '@zoa/core';

export const SITE_DIR = path.resolve(__dirname, '..');

/** The example's configuration with its files in `dir` and its products named absolutely. */
export function exampleConfig(dir: string): SiteConfig {
  const config = loadConfig(path.join(SITE_DIR, 'zoa.config.yaml'));
  const products = config.products.map((name) =>
    name.startsWith('.') ? path.join(SITE_DIR, name) : name,
  );
  return { ...config, baseDir: dir, products };
}

/** A fresh folder for the example's databases. */
export function tempSiteDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-example-'));
}

/** Opens the example site on `dir`; returns the site and its Koa request handler. */
export async function openExample(dir: string) {
  const site = await Site.open(exampleConfig(dir));
  return { site, handler: createWebApp(site).callback() };
}
