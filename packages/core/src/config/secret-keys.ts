import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './config-error';
import type { SiteConfig } from './site-config';

/** The environment variable that may hold the secret keys, comma-separated. */
export const SECRET_KEYS_ENV = 'ZOA_SECRET_KEYS';

/** Where a generated key is kept when neither the configuration nor the environment gives one. */
export const SECRET_KEY_FILE = 'var/secret-keys';

/**
 * The keys that sign login tickets and CSRF tokens, first one signing: from
 * `settings.security.keys`, else `ZOA_SECRET_KEYS`, else a key generated once and kept in
 * `var/secret-keys` beside the configuration (mode 0600), so a new site works without setup.
 * Several processes serving one site must share the keys (configure them).
 *
 * @throws ConfigError when a configured key is shorter than 32 characters.
 */
export function resolveSecretKeys(
  config: SiteConfig,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const configured = config.settings.security?.keys;
  if (configured !== undefined) return checkKeys(configured, 'settings.security.keys');
  const fromEnv = env[SECRET_KEYS_ENV];
  if (fromEnv)
    return checkKeys(
      fromEnv.split(',').map((key) => key.trim()),
      SECRET_KEYS_ENV,
    );
  const file = path.resolve(config.baseDir, SECRET_KEY_FILE);
  if (fs.existsSync(file)) {
    return checkKeys(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean), file);
  }
  const key = crypto.randomBytes(32).toString('base64url');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return [key];
}

function checkKeys(keys: unknown, key: string): string[] {
  if (
    !Array.isArray(keys) ||
    keys.length === 0 ||
    keys.some((k) => typeof k !== 'string' || k.length < 32)
  ) {
    throw new ConfigError(key, 'expected a list of secret keys of at least 32 characters each');
  }
  return keys as string[];
}
