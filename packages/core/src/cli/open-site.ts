import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { findConfigFile, loadConfig } from '../config/load-config';
import { Site } from '../config/site';
import type { SiteOptions } from '../config/site';
import type { SiteConfig } from '../config/site-config';

/** The configuration named by `--config`, or the one in the current folder. */
export function readSiteConfig(configOption: string | boolean | undefined): SiteConfig {
  const file = typeof configOption === 'string' ? configOption : findConfigFile(process.cwd());
  if (!file) {
    throw new ConfigError(
      '(file)',
      `no zoa.config.yaml in ${path.resolve('.')}; pass --config <file> or run "zoa init <dir>" first`,
    );
  }
  return loadConfig(file);
}

/** Opens the site of `--config` for a one-off command, runs `work`, and closes it. */
export async function withSite<T>(
  configOption: string | boolean | undefined,
  work: (site: Site) => Promise<T>,
  options: SiteOptions = {},
): Promise<T> {
  const site = await Site.open(readSiteConfig(configOption), options);
  try {
    return await work(site);
  } finally {
    await site.close();
  }
}
