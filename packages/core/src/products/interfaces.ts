import type { Connection } from '../persistence/connection';
import type { Transaction } from '../persistence/transaction';
import type { Item } from '../tree/item';
import type { ObjectManager } from '../tree/object-manager';
import type { PropertyType, PropertyValue } from '../tree/property-types';
import type { ProductRegistry } from './product-registry';

/** The type of an add-form field: a property type, or `file` for an upload. */
export type AddFormFieldType = PropertyType | 'file';

/** A converted add-form value: a property value, or a Buffer for a `file` field. */
export type AddFormValue = PropertyValue | Buffer;

/** Converted add-form values by field name (a null-prototype record). */
export type AddFormValues = Readonly<Record<string, AddFormValue | undefined>>;

/** One field of a type's add form, as the ZMI renders it. */
export interface AddFormField {
  /** The form field name (and the key in {@link AddFormValues}). */
  readonly name: string;
  readonly label: string;
  readonly type: AddFormFieldType;
  /** The value used when the field is missing or empty. */
  readonly default?: AddFormValue;
  /** A missing or empty field is a 400 when true. */
  readonly required?: boolean;
  /** The choices of a selection. */
  readonly options?: readonly string[];
}

/** A class whose instances are tree objects. */
export type ItemClass = abstract new (...args: never[]) => Item;

/** Makes a new object from an id and converted add-form values. */
export type ItemFactory = (id: string, fields: AddFormValues) => Item | Promise<Item>;

/**
 * A type a product adds to the tree (Zope's `registerClass`): the ZMI lists it in the add menu
 * of users who have `addPermission`, renders `addFormFields`, and calls `factory`.
 */
export interface TypeRegistration {
  /** The meta type, unique among all products (the class's static `metaType`). */
  readonly metaType: string;
  /** The class; it must be registered for storage with `classRegistry.register`. */
  readonly class: ItemClass;
  readonly factory: ItemFactory;
  /** The ZMI icon (default: the class's static `icon`). */
  readonly icon?: string;
  /** The permission needed to add one, such as `Add Folders`. */
  readonly addPermission: string;
  readonly addFormFields?: readonly AddFormField[];
  /** False for types that exist but are not offered in the add menu (default true). */
  readonly addable?: boolean;
  /** One line for the add menu's tooltip. */
  readonly description?: string;
}

/** What a startup hook gets: the main database's root, the transaction and its connection. */
export interface StartupContext {
  readonly root: ObjectManager;
  readonly transaction: Transaction;
  readonly connection: Connection;
  readonly registry: ProductRegistry;
}

/** Code a product runs on every start, inside the startup unit of work (make it idempotent). */
export type StartupHook = (context: StartupContext) => Promise<void>;

/** A product: a name, the types it adds and its startup hooks. */
export interface ProductDefinition {
  /** Unique product name, such as `core` or `sessions`. */
  readonly name: string;
  readonly title?: string;
  readonly version?: string;
  readonly types?: readonly TypeRegistration[];
  readonly startup?: readonly StartupHook[];
}
