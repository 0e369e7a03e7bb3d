import { BadRequestError } from '../errors';
import type { ClassRegistry, StorableClass } from '../persistence/class-registry';
import { classRegistry } from '../persistence/class-registry';
import type { Database } from '../persistence/database';
import { TransactionManager } from '../persistence/transaction-manager';
import { checkValidId } from '../tree/check-id';
import { escapeHtml } from '../errors/escape-html';
import type { Item } from '../tree/item';
import { ObjectManager } from '../tree/object-manager';
import { coerceAddFormValues } from './add-form-fields';
import type { ProductDefinition, StartupHook, TypeRegistration } from './interfaces';

/** What {@link ProductRegistry.products} tells about a registered product. */
export interface ProductInfo {
  readonly name: string;
  readonly title: string;
  readonly version: string | undefined;
  /** The meta types it registered, in registration order. */
  readonly metaTypes: readonly string[];
}

/** Options of {@link ProductRegistry.addableTypes}. */
export interface AddableTypesOptions {
  /** Whether the current user has a permission (the ZMI passes the security check). */
  hasPermission?: (permission: string) => boolean;
}

/** Options of {@link ProductRegistry.runStartup}. */
export interface RunStartupOptions {
  transactionManager?: TransactionManager;
}

interface ProductEntry {
  info: ProductInfo;
  metaTypes: string[];
}

/**
 * Where products register the types they add to the tree and their startup hooks (Zope's
 * `registerClass` and product `initialize`). Core's own types register through it too, as the
 * built-in product `core` (see `createProductRegistry`). Free of Koa: the ZMI reads
 * {@link addableTypes} and calls {@link addObject}.
 *
 * @example
 * ```ts
 * const products = createProductRegistry({
 *   name: 'shop',
 *   types: [{ metaType: 'Product', class: Product, addPermission: 'Add Products',
 *             factory: (id, fields) => new Product(id, String(fields.title ?? '')) }],
 *   startup: [async ({ root }) => { if (!(await root.has('cart'))) await root.setObject('cart', new Folder('cart')); }],
 * });
 * await products.runStartup(db);
 * ```
 */
export class ProductRegistry {
  private readonly classes: ClassRegistry;
  private readonly productsByName = new Map<string, ProductEntry>();
  private readonly types = new Map<string, TypeRegistration>();
  private readonly hooks: { product: string; hook: StartupHook }[] = [];

  constructor(options: { classRegistry?: ClassRegistry } = {}) {
    this.classes = options.classRegistry ?? classRegistry;
  }

  /**
   * Registers a product, its types and its startup hooks.
   *
   * @throws Error when the product name or a meta type is taken, or a class is not registered
   * for storage.
   */
  registerProduct(product: ProductDefinition): void {
    if (this.productsByName.has(product.name))
      throw new Error(`The product "${product.name}" is already registered`);
    const seen = new Set<string>();
    for (const registration of product.types ?? []) {
      this.checkType(registration);
      if (seen.has(registration.metaType))
        throw new Error(`The meta type "${registration.metaType}" is registered twice`);
      seen.add(registration.metaType);
    }
    const metaTypes: string[] = [];
    const info = {
      name: product.name,
      title: product.title ?? product.name,
      version: product.version,
      metaTypes,
    };
    this.productsByName.set(product.name, { info, metaTypes });
    for (const registration of product.types ?? []) this.registerType(product.name, registration);
    for (const hook of product.startup ?? []) this.addStartupHook(product.name, hook);
  }

  /** Registers one more type for a registered product. */
  registerType(productName: string, registration: TypeRegistration): void {
    const product = this.product(productName);
    this.checkType(registration);
    const icon = registration.icon ?? (registration.class as unknown as { icon?: string }).icon;
    this.types.set(
      registration.metaType,
      Object.freeze({ ...registration, ...(icon === undefined ? {} : { icon }) }),
    );
    product.metaTypes.push(registration.metaType);
  }

  /** Adds a startup hook for a registered product; hooks run in registration order. */
  addStartupHook(productName: string, hook: StartupHook): void {
    this.product(productName);
    this.hooks.push({ product: productName, hook });
  }

  /** The registered products, in registration order. */
  products(): ProductInfo[] {
    return [...this.productsByName.values()].map(({ info }) => ({
      ...info,
      metaTypes: [...info.metaTypes],
    }));
  }

  /** The registration of `metaType`, or undefined. */
  typeInfo(metaType: string): TypeRegistration | undefined {
    return this.types.get(metaType);
  }

  /** Every registered meta type, in registration order. */
  metaTypes(): string[] {
    return [...this.types.keys()];
  }

  /** The types for the ZMI's add menu: addable, allowed to the user, sorted by meta type. */
  addableTypes(options: AddableTypesOptions = {}): TypeRegistration[] {
    return [...this.types.values()]
      .filter((type) => type.addable !== false)
      .filter((type) => !options.hasPermission || options.hasPermission(type.addPermission))
      .sort((a, b) => (a.metaType < b.metaType ? -1 : a.metaType > b.metaType ? 1 : 0));
  }

  /**
   * Makes a new object of `metaType` from raw add-form input (converted per its fields).
   *
   * @throws BadRequestError for an unknown meta type or bad field values.
   */
  async createObject(
    metaType: string,
    id: string,
    input: Readonly<Record<string, unknown>> = {},
  ): Promise<Item> {
    const registration = this.types.get(metaType);
    if (!registration) throw new BadRequestError(`Unknown type "${escapeHtml(metaType)}".`);
    const fields = coerceAddFormValues(registration.addFormFields ?? [], input);
    const obj = await registration.factory(id, fields);
    if (!(obj instanceof registration.class)) {
      throw new Error(`The factory of "${metaType}" did not return a ${registration.class.name}`);
    }
    obj.id = id;
    return obj;
  }

  /**
   * Checks the id, makes the object (see {@link createObject}) and adds it to `container`.
   *
   * @throws BadRequestError for a bad or taken id, an unknown type or bad field values.
   */
  async addObject(
    container: ObjectManager,
    metaType: string,
    id: string,
    input: Readonly<Record<string, unknown>> = {},
  ): Promise<Item> {
    await checkValidId(container, id);
    return container.setObject(id, await this.createObject(metaType, id, input));
  }

  /**
   * Runs every startup hook, in registration order, in one unit of work on `db` (the main
   * database): all of them commit together, or none does. Call it on every start.
   */
  async runStartup(db: Database, options: RunStartupOptions = {}): Promise<void> {
    const tm = options.transactionManager ?? new TransactionManager();
    await tm.run(
      async (transaction) => {
        const connection = await transaction.open(db);
        const root = await connection.root();
        if (!(root instanceof ObjectManager)) {
          throw new Error(
            `The root of database "${db.name}" is not a container: ${root.describe()}`,
          );
        }
        for (const { hook } of this.hooks)
          await hook({ root, transaction, connection, registry: this });
      },
      { note: 'Product startup' },
    );
  }

  private product(name: string): ProductEntry {
    const product = this.productsByName.get(name);
    if (!product) throw new Error(`No product named "${name}" is registered`);
    return product;
  }

  private checkType(registration: TypeRegistration): void {
    const { metaType } = registration;
    if (!metaType) throw new Error('A type registration needs a meta type');
    if (this.types.has(metaType))
      throw new Error(`The meta type "${metaType}" is already registered`);
    if (typeof registration.factory !== 'function')
      throw new Error(`The type "${metaType}" needs a factory`);
    if (!registration.addPermission)
      throw new Error(`The type "${metaType}" needs an add permission`);
    if (this.classes.nameOf(registration.class as unknown as StorableClass) === undefined) {
      throw new Error(
        `The class of "${metaType}" (${registration.class.name}) is not registered for storage: ` +
          `call classRegistry.register('${registration.class.name}', ${registration.class.name})`,
      );
    }
  }
}
