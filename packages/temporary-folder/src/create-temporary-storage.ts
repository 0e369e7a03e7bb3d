import type { StorageConfig, StorageFactoryContext } from '@zoa/core/config';
import { ConfigError } from '@zoa/core/config';
import { TemporaryStorage } from './temporary-storage';

const OPTIONS = new Set(['type', 'changeLogSize', 'cycleGcEvery']);

function count(
  config: StorageConfig,
  option: string,
  key: string,
  min: number,
): number | undefined {
  const value = config[option];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`${key}.${option}`, `expected an integer of at least ${min}`);
  }
  return value;
}

/**
 * The factory of the `temporary` storage type of the site configuration
 * (`storage: { type: temporary }`); options: `cycleGcEvery` (commits between automatic packs,
 * default 0: never) and `changeLogSize`.
 *
 * @throws ConfigError naming an unknown or bad option.
 * @example
 * ```ts
 * const storage = createTemporaryStorage(
 *   { type: 'temporary', cycleGcEvery: 10000 },
 *   { key: 'databases.temporary.storage', baseDir: '.', name: 'Temporary database' },
 * );
 * ```
 */
export function createTemporaryStorage(
  config: StorageConfig,
  context: StorageFactoryContext,
): TemporaryStorage {
  for (const option of Object.keys(config)) {
    if (!OPTIONS.has(option)) {
      throw new ConfigError(
        `${context.key}.${option}`,
        `unknown option of the temporary storage; known: ${[...OPTIONS].slice(1).join(', ')}`,
      );
    }
  }
  const cycleGcEvery = count(config, 'cycleGcEvery', context.key, 0);
  const changeLogSize = count(config, 'changeLogSize', context.key, 1);
  return new TemporaryStorage({
    name: context.name,
    ...(cycleGcEvery === undefined ? {} : { cycleGcEvery }),
    ...(changeLogSize === undefined ? {} : { changeLogSize }),
  });
}
