import { BadRequestError } from '../errors';
import { classRegistry } from '../persistence/class-registry';
import { checkIdSyntax } from './check-id';
import { escapeHtml } from '../errors/escape-html';
import { Item } from './item';
import type { PropertyDefinition, PropertyType, PropertyValue } from './property-types';
import { coercePropertyValue, isPropertyType } from './property-types';

/** Options of {@link PropertyManager.manageAddProperty}. */
export interface AddPropertyOptions {
  /** `w` writable, `d` deletable (default `wd`). */
  mode?: string;
  label?: string;
  /** Allowed values of a selection. */
  options?: readonly string[];
}

/** Form input: field names to a form string, a list of strings, or a native value. */
export type PropertyInput = Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>;

function inputValue(input: PropertyInput, id: string): { found: boolean; value: unknown } {
  if (input instanceof Map) return { found: input.has(id), value: input.get(id) };
  const record = input as Readonly<Record<string, unknown>>;
  return Object.hasOwn(record, id)
    ? { found: true, value: record[id] }
    : { found: false, value: undefined };
}

function copyValue(value: PropertyValue): PropertyValue {
  if (Array.isArray(value)) return [...(value as string[])];
  return value instanceof Date ? new Date(value.getTime()) : value;
}

/**
 * An item with typed properties (Zope's `PropertyManager`): string, text, int, float, boolean,
 * date, lines, tokens, selection and multiple selection, each with a mode (`w` writable, `d`
 * deletable). Form strings are converted to the property's type (see `coercePropertyValue`); a
 * bad value is a 400 naming the property.
 *
 * Class properties are declared in the static {@link PropertyManager.properties} and kept in
 * the object's own fields (`title` for every property manager); properties added at run time
 * live in a Map, never as fields, so they cannot clash with methods. It is a base class (Folder,
 * File, Page and Application extend it), not a mixin: TypeScript mixins need `any[]`
 * constructors and blur which class is registered for storage.
 *
 * @example
 * ```ts
 * const doc = new Folder('doc', 'A document');
 * doc.manageAddProperty('pages', '12', 'int');
 * doc.manageChangeProperties({ title: 'Renamed', pages: '13' });
 * doc.getProperty('pages'); // 13
 * ```
 */
export class PropertyManager extends Item {
  /** Properties every instance of the class has, stored in same-named fields. */
  static readonly properties: readonly PropertyDefinition[] = [
    { id: 'title', type: 'string', mode: 'w' },
  ];

  /** Properties added with {@link manageAddProperty}. */
  private _propertyDefs?: PropertyDefinition[] = [];
  /** Values of the added properties. */
  private _propertyValues?: Map<string, PropertyValue> = new Map();

  /** Every property's definition, class properties first. */
  propertyMap(): PropertyDefinition[] {
    const own = (this.constructor as typeof PropertyManager).properties;
    return [...own, ...(this._propertyDefs ?? [])].map((definition) => ({ ...definition }));
  }

  /** The ids of every property. */
  propertyIds(): string[] {
    return this.propertyMap().map((definition) => definition.id);
  }

  /** The values of every property, in {@link propertyIds} order. */
  propertyValues(): PropertyValue[] {
    return this.propertyIds().map((id) => this.getProperty(id) as PropertyValue);
  }

  /** `[id, value]` for every property. */
  propertyItems(): [string, PropertyValue][] {
    return this.propertyIds().map((id) => [id, this.getProperty(id) as PropertyValue]);
  }

  /** True when the object has the property `id`. */
  hasProperty(id: string): boolean {
    return this.definition(id) !== undefined;
  }

  /** The type of the property `id`, or undefined. */
  getPropertyType(id: string): PropertyType | undefined {
    return this.definition(id)?.type;
  }

  /** The value of the property `id` (a copy for lists and dates), or `fallback`. */
  getProperty(id: string, fallback?: PropertyValue): PropertyValue | undefined {
    const definition = this.definition(id);
    if (!definition) return fallback;
    const value = this.isClassProperty(id)
      ? ((this as unknown as Record<string, unknown>)[id] as PropertyValue | undefined)
      : this._propertyValues?.get(id);
    return value === undefined ? fallback : copyValue(value);
  }

  /**
   * Adds a property (Zope's `manage_addProperty`); `value` may be a form string.
   *
   * @throws BadRequestError for a bad or duplicate id, an unknown type or a bad value.
   */
  manageAddProperty(
    id: string,
    value: unknown,
    type: string,
    options: AddPropertyOptions = {},
  ): void {
    if (this.hasProperty(id)) {
      throw new BadRequestError(
        `The property id "${escapeHtml(id)}" is invalid - it is already in use.`,
      );
    }
    checkIdSyntax(this, id);
    if (/\s/.test(id)) {
      throw new BadRequestError(
        `The property id "${escapeHtml(id)}" is invalid because it contains spaces.`,
      );
    }
    if (!isPropertyType(type))
      throw new BadRequestError(`Unknown property type "${escapeHtml(type)}".`);
    const definition: PropertyDefinition = {
      id,
      type,
      mode: options.mode ?? 'wd',
      ...(options.label === undefined ? {} : { label: options.label }),
      ...(options.options === undefined ? {} : { options: [...options.options] }),
    };
    const coerced = coercePropertyValue(definition, value);
    this.checkProperty(id, coerced);
    this._propertyDefs = [...(this._propertyDefs ?? []), definition];
    this._propertyValues = new Map(this._propertyValues ?? []).set(id, coerced);
    this.markChanged();
  }

  /**
   * Changes the properties named in `input` (Zope's `manage_changeProperties`); names that are
   * not properties are ignored. Every value is checked before anything changes.
   *
   * @throws BadRequestError when a property is not writable or a value is bad.
   */
  manageChangeProperties(input: PropertyInput): void {
    const changes: [string, PropertyValue][] = [];
    for (const definition of this.propertyMap()) {
      const { found, value } = inputValue(input, definition.id);
      if (!found) continue;
      if (!(definition.mode ?? 'wd').includes('w')) {
        throw new BadRequestError(`The property "${escapeHtml(definition.id)}" cannot be changed.`);
      }
      changes.push([definition.id, coercePropertyValue(definition, value)]);
    }
    this.applyChanges(changes);
  }

  /**
   * Sets every writable property from an HTML form (Zope's `manage_editProperties`): a field
   * missing from the form means empty — an unchecked checkbox is `false`.
   *
   * @throws BadRequestError when a value is bad.
   */
  manageEditProperties(form: PropertyInput): void {
    const changes: [string, PropertyValue][] = [];
    for (const definition of this.propertyMap()) {
      if (!(definition.mode ?? 'wd').includes('w')) continue;
      changes.push([
        definition.id,
        coercePropertyValue(definition, inputValue(form, definition.id).value),
      ]);
    }
    this.applyChanges(changes);
  }

  /**
   * Deletes properties added at run time (Zope's `manage_delProperties`); class properties
   * cannot be deleted.
   *
   * @throws BadRequestError when a property does not exist or is not deletable.
   */
  manageDelProperties(ids: readonly string[]): void {
    for (const id of ids) {
      const definition = this.definition(id);
      if (!definition)
        throw new BadRequestError(`The property "${escapeHtml(id)}" does not exist.`);
      if (this.isClassProperty(id) || !(definition.mode ?? 'wd').includes('d')) {
        throw new BadRequestError(`The property "${escapeHtml(id)}" cannot be deleted.`);
      }
    }
    const gone = new Set(ids);
    this._propertyDefs = (this._propertyDefs ?? []).filter(
      (definition) => !gone.has(definition.id),
    );
    const values = new Map(this._propertyValues ?? []);
    for (const id of gone) values.delete(id);
    this._propertyValues = values;
    this.markChanged();
  }

  /**
   * Hook to check a converted value before it is set; throw a `BadRequestError` to refuse it.
   * The default accepts everything (File and Page check `contentType`).
   */
  protected checkProperty(id: string, value: PropertyValue): void {
    void id;
    void value;
  }

  private definition(id: string): PropertyDefinition | undefined {
    return this.propertyMap().find((definition) => definition.id === id);
  }

  private isClassProperty(id: string): boolean {
    return (this.constructor as typeof PropertyManager).properties.some((d) => d.id === id);
  }

  private applyChanges(changes: readonly [string, PropertyValue][]): void {
    if (changes.length === 0) return;
    for (const [id, value] of changes) this.checkProperty(id, value);
    const values = new Map(this._propertyValues ?? []);
    for (const [id, value] of changes) {
      if (this.isClassProperty(id)) (this as unknown as Record<string, unknown>)[id] = value;
      else values.set(id, value);
    }
    this._propertyValues = values;
    this.markChanged();
  }
}

classRegistry.register('PropertyManager', PropertyManager);
