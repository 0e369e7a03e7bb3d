import type { Database } from '../persistence/database';
import { createProductRegistry } from '../products/core-product';
import type { ProductRegistry } from '../products/product-registry';
import type { PublisherApp, PublisherContext } from '../publisher/interfaces';

/** One configured database as the ZMI shows it (a subset of the site configuration's). */
export interface ZmiDatabaseConfig {
  readonly id: string;
  readonly name: string;
  readonly mountPoint: string;
  readonly storage: { readonly type: string };
}

/**
 * What the ZMI uses of the running site beyond `PublisherApp`. A `Site` has all of it; a test
 * app made with `createTestApp` has none, and the ZMI then offers core's types and no mount
 * points.
 */
export interface ZmiSite extends PublisherApp {
  /** The product registry (the add menu, the Control Panel's product list). */
  readonly products?: ProductRegistry;
  /** The configuration: databases and their mount points. */
  readonly config?: { readonly databases: readonly ZmiDatabaseConfig[] };
  /** Databases that failed to open, with the error (a `DatabaseSet`'s `failures`). */
  readonly databases: ReadonlyMap<string, Database> & {
    readonly failures?: ReadonlyMap<string, unknown>;
  };
}

let coreOnly: ProductRegistry | undefined;

/**
 * The site of the request, as the ZMI sees it.
 *
 * @example
 * ```ts
 * const types = zmiSiteOf(ctx).products?.addableTypes() ?? [];
 * ```
 */
export function zmiSiteOf(ctx: PublisherContext): ZmiSite {
  return ctx.zoa.app as ZmiSite;
}

/**
 * The site's product registry, or one with core's types alone for a site without one.
 *
 * @example
 * ```ts
 * productsOf(ctx).typeInfo('Folder')?.addPermission; // 'Add Folders'
 * ```
 */
export function productsOf(ctx: PublisherContext): ProductRegistry {
  const products = zmiSiteOf(ctx).products;
  if (products !== undefined && typeof products.addableTypes === 'function') return products;
  coreOnly ??= createProductRegistry();
  return coreOnly;
}
