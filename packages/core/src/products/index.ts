/**
 * The product registry: the types products add to the tree (meta type, class, factory, icon,
 * add permission, add-form fields) and their startup hooks; core's own types as product `core`.
 *
 * @packageDocumentation
 */
export { ProductRegistry } from './product-registry';
export type { ProductInfo, AddableTypesOptions, RunStartupOptions } from './product-registry';
export { coreProduct, createProductRegistry } from './core-product';
export { coerceAddFormValues } from './add-form-fields';
export type {
  AddFormField,
  AddFormFieldType,
  AddFormValue,
  AddFormValues,
  ItemClass,
  ItemFactory,
  TypeRegistration,
  StartupContext,
  StartupHook,
  ProductDefinition,
} from './interfaces';
