export { ConfigError } from './config-error';
export { validateSiteConfig } from './site-config';
export type { SiteConfig, DatabaseConfig, ServerConfig, StorageConfig } from './site-config';
export { loadConfig, findConfigFile, CONFIG_FILE_NAMES } from './load-config';
export { StorageTypeRegistry, createStorageTypeRegistry } from './storage-types';
export type { StorageFactory, StorageFactoryContext } from './storage-types';
