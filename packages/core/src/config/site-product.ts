import type { Middleware } from 'koa';
import type { ProductDefinition } from '../products/interfaces';
import type { PublisherLogger } from '../publisher/interfaces';
import type { StorageFactory } from './storage-types';

/** What a product factory gets: its own settings from the configuration and the site logger. */
export interface SiteProductContext {
  /** `settings.<product name>` from the site configuration (empty when absent). */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly logger: PublisherLogger;
}

/** What a product may hand the running site (see {@link SiteProduct.onOpen}). */
export interface OpenSite {
  readonly logger: PublisherLogger;
}

/**
 * A product as the site loads it: a {@link ProductDefinition} (types, startup hooks) plus what
 * only a running site has — storage types for the configuration, Koa middleware that runs
 * before the publisher, and code to run once the site is open (timers) with its cleanup.
 *
 * A product package exports `product` (a `SiteProduct`) or `createProduct(context)` returning
 * one; the configuration names the package under `products`.
 */
export interface SiteProduct extends ProductDefinition {
  /** Storage types the site configuration may name, by type. */
  readonly storageTypes?: Readonly<Record<string, StorageFactory>>;
  /** Koa middleware placed after the error handler and before the publisher. */
  readonly middleware?: readonly Middleware[];
  /** Runs once the databases are open and startup hooks ran; may return a cleanup. */
  readonly onOpen?: (
    site: OpenSite,
  ) => void | (() => void | Promise<void>) | Promise<void | (() => void | Promise<void>)>;
}

/** A product module: what `require(name)` returns for a name in `products`. */
export interface SiteProductModule {
  readonly product?: SiteProduct;
  readonly createProduct?: (context: SiteProductContext) => SiteProduct;
}
