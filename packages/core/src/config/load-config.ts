import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ConfigError } from './config-error';
import type { SiteConfig } from './site-config';
import { validateSiteConfig } from './site-config';

/** File names `zoa serve` looks for when no `--config` is given, in this order. */
export const CONFIG_FILE_NAMES = ['zoa.config.yaml', 'zoa.config.yml', 'zoa.config.json'];

/**
 * Reads and validates a site configuration file (YAML or JSON). Relative paths in it are
 * resolved against the file's folder.
 *
 * @throws ConfigError when the file is missing, does not parse, or is invalid.
 * @example
 * ```ts
 * const config = loadConfig('zoa.config.yaml');
 * ```
 */
export function loadConfig(file: string): SiteConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new ConfigError('(file)', `cannot read ${absolute}: ${(error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = absolute.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    throw new ConfigError('(file)', `${absolute} does not parse: ${(error as Error).message}`);
  }
  return validateSiteConfig(doc, path.dirname(absolute));
}

/** The configuration file in `dir` (see {@link CONFIG_FILE_NAMES}), or undefined. */
export function findConfigFile(dir: string): string | undefined {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}
