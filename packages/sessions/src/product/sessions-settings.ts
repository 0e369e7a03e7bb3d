import { ConfigError } from '@zoa/core/config';
import type { ContainerDefaults } from '../session-data/container-defaults';
import type { RedisSettings } from './redis-sessions';
import {
  checkContainerDefaults,
  DEFAULT_CONTAINER_DEFAULTS,
} from '../session-data/container-defaults';

/**
 * `settings.sessions` in the site configuration (Zope 2's knobs). Each container setting given
 * here replaces the session data manager's stored default at every start.
 *
 * @example
 * ```yaml
 * settings:
 *   sessions:
 *     timeoutMinutes: 30
 *     resolutionSeconds: 20
 *     absoluteTimeoutMinutes: 480
 *     maximumNumberOfSessionObjects: 10000
 *     delNotificationPath: /shop/sessionEnded
 * ```
 */
export interface SessionsSettings {
  /** Session timeout in minutes (Zope 2: session-timeout-minutes; default 20). */
  readonly timeoutMinutes?: number;
  /** Timeslice in seconds (session-resolution-seconds; default 20). */
  readonly resolutionSeconds?: number;
  /** Minutes from its creation after which a session ends whatever its activity; 0 = off (S-15). */
  readonly absoluteTimeoutMinutes?: number;
  /** The container's limit, 0 = none (maximum-number-of-session-objects; default 0). */
  readonly maximumNumberOfSessionObjects?: number;
  /** Method called on each new session (session-add-notify-script-path). */
  readonly addNotificationPath?: string;
  /** Method called when a session ends (session-delete-notify-script-path). */
  readonly delNotificationPath?: string;
  /** How often expired sessions are swept without traffic, in seconds; 0 = never (default 60). */
  readonly housekeepingIntervalSeconds?: number;
  /** Keep sessions in Redis (shared by several processes) instead of `/temp_folder`. */
  readonly redis?: RedisSettings;
}

/** What {@link parseSessionsSettings} makes of the settings. */
export interface ParsedSessionsSettings {
  /** The container defaults the configuration sets (only those given). */
  readonly containerDefaults: Partial<ContainerDefaults>;
  readonly housekeepingIntervalSeconds: number;
  /** Redis, when configured. */
  readonly redis: RedisSettings | undefined;
}

const KEYS: Readonly<Record<keyof SessionsSettings, string>> = {
  timeoutMinutes: 'timeoutMinutes',
  resolutionSeconds: 'periodSeconds',
  absoluteTimeoutMinutes: 'absoluteTimeoutMinutes',
  maximumNumberOfSessionObjects: 'limit',
  addNotificationPath: 'addNotificationPath',
  delNotificationPath: 'delNotificationPath',
  housekeepingIntervalSeconds: '',
  redis: '',
};

/**
 * Reads and checks `settings.sessions`.
 *
 * @throws ConfigError naming the key, for an unknown key or a bad value.
 */
export function parseSessionsSettings(
  raw: Readonly<Record<string, unknown>> = {},
): ParsedSessionsSettings {
  const defaults: Record<string, unknown> = {};
  let interval = 60;
  let redis: RedisSettings | undefined;
  for (const key of Object.keys(raw)) {
    const where = `settings.sessions.${key}`;
    if (!Object.hasOwn(KEYS, key)) {
      throw new ConfigError(where, `unknown setting; known: ${Object.keys(KEYS).join(', ')}`);
    }
    const value = raw[key];
    if (key === 'redis') {
      redis = parseRedisSettings(value);
      continue;
    }
    const target = KEYS[key as keyof SessionsSettings];
    const isPath = key.endsWith('Path');
    if (isPath ? typeof value !== 'string' : !Number.isInteger(value) || (value as number) < 0) {
      throw new ConfigError(where, isPath ? 'must be a path' : 'must be an integer >= 0');
    }
    if (target === '') interval = value as number;
    else defaults[target] = value;
  }
  try {
    checkContainerDefaults({ ...DEFAULT_CONTAINER_DEFAULTS, ...defaults });
  } catch (error) {
    throw new ConfigError('settings.sessions', (error as Error).message);
  }
  return {
    containerDefaults: defaults as Partial<ContainerDefaults>,
    housekeepingIntervalSeconds: interval,
    redis,
  };
}

function parseRedisSettings(value: unknown): RedisSettings {
  const where = 'settings.sessions.redis';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(where, 'must be a mapping with a url');
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['url', 'keyPrefix', 'timeoutMs'].includes(key)) {
      throw new ConfigError(`${where}.${key}`, 'unknown setting; known: url, keyPrefix, timeoutMs');
    }
  }
  const { url, keyPrefix, timeoutMs } = record;
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) {
    throw new ConfigError(`${where}.url`, 'must be a redis:// or rediss:// URL');
  }
  if (keyPrefix !== undefined && (typeof keyPrefix !== 'string' || keyPrefix === '')) {
    throw new ConfigError(`${where}.keyPrefix`, 'must be a non-empty string');
  }
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || (timeoutMs as number) < 1)) {
    throw new ConfigError(`${where}.timeoutMs`, 'must be a positive integer');
  }
  return {
    url,
    ...(keyPrefix === undefined ? {} : { keyPrefix: keyPrefix as string }),
    ...(timeoutMs === undefined ? {} : { timeoutMs: timeoutMs as number }),
  };
}
