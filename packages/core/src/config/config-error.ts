import { ZoaError } from '../errors';

/** The site configuration is invalid; the message names the bad key and what to fix. */
export class ConfigError extends ZoaError {
  /** The dotted path of the offending key, such as `databases.main.storage.type`. */
  readonly key: string;

  constructor(key: string, message: string) {
    super(`Invalid configuration at "${key}": ${message}`, { status: 500, expose: false });
    this.key = key;
  }
}
