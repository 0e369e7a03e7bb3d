import { BadRequestError } from '../errors';
import { escapeHtml } from '../errors/escape-html';

/** Zope's property types. */
export type PropertyType =
  | 'string'
  | 'text'
  | 'int'
  | 'float'
  | 'boolean'
  | 'date'
  | 'lines'
  | 'tokens'
  | 'selection'
  | 'multiple selection';

/** Every property type, in the order the ZMI offers them. */
export const PROPERTY_TYPES: readonly PropertyType[] = [
  'string',
  'text',
  'int',
  'float',
  'boolean',
  'date',
  'lines',
  'tokens',
  'selection',
  'multiple selection',
];

/**
 * A property's value: `string` (string, text, selection), `number` (int, float), `boolean`,
 * `Date` or `null` (date; null means "no date"), `string[]` (lines, tokens, multiple selection).
 */
export type PropertyValue = string | number | boolean | Date | null | readonly string[];

/** What a property is: its id, type, mode and, for selections, the allowed values. */
export interface PropertyDefinition {
  readonly id: string;
  readonly type: PropertyType;
  /** `w` writable, `d` deletable (Zope's modes); default `wd`. */
  readonly mode?: string;
  /** The label the ZMI shows (default: the id). */
  readonly label?: string;
  /** The allowed values of a `selection` or `multiple selection` (any value when absent). */
  readonly options?: readonly string[];
}

/** True when `type` names a property type. */
export function isPropertyType(type: unknown): type is PropertyType {
  return typeof type === 'string' && (PROPERTY_TYPES as readonly string[]).includes(type);
}

const TRUE_WORDS = new Set(['1', 'true', 'on', 'yes']);
const FALSE_WORDS = new Set(['', '0', 'false', 'off', 'no']);
const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function invalid(definition: Pick<PropertyDefinition, 'id' | 'type'>, what: string): never {
  throw new BadRequestError(
    `Invalid value for the property "${escapeHtml(definition.id)}" (${definition.type}): ${what}.`,
  );
}

function asString(definition: PropertyDefinition, raw: unknown): string {
  if (raw === undefined) return '';
  if (typeof raw !== 'string') invalid(definition, 'a single text value is expected');
  return raw;
}

function asStrings(definition: PropertyDefinition, raw: unknown): string[] {
  if (raw === undefined) return [];
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return [...raw];
  return invalid(definition, 'a list of text values is expected');
}

function checkOptions(definition: PropertyDefinition, values: readonly string[]): void {
  const options = definition.options;
  if (!options) return;
  for (const value of values) {
    if (!options.includes(value)) {
      invalid(definition, `must be one of ${options.map((o) => `"${escapeHtml(o)}"`).join(', ')}`);
    }
  }
}

function toDate(definition: PropertyDefinition, raw: unknown): Date | null {
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) invalid(definition, 'the date is not valid');
    return new Date(raw.getTime());
  }
  const text = asString(definition, raw).trim();
  if (text === '') return null;
  const match = ISO_DATE.exec(text);
  if (!match) invalid(definition, 'a date such as 2026-11-26 or 2026-11-26T10:30:00Z is expected');
  const hasTime = text.length > 10;
  const date = new Date(
    hasTime && !match[1] ? `${text.replace(' ', 'T')}Z` : text.replace(' ', 'T'),
  );
  if (Number.isNaN(date.getTime())) invalid(definition, 'the date is not valid');
  return date;
}

/**
 * Converts a value — a form string (or list of strings for multi-valued types) or a native
 * value — to the property's type. `undefined` (a missing form field) means empty: `''`, `[]`,
 * `false` or a `null` date; it is invalid for int, float and selection. Dates and times without
 * an offset are UTC.
 *
 * @throws BadRequestError (400) naming the property and saying what is expected.
 * @example
 * ```ts
 * coercePropertyValue({ id: 'size', type: 'int' }, ' 42 '); // 42
 * coercePropertyValue({ id: 'tags', type: 'tokens' }, 'a b  c'); // ['a', 'b', 'c']
 * ```
 */
export function coercePropertyValue(definition: PropertyDefinition, raw: unknown): PropertyValue {
  switch (definition.type) {
    case 'string':
      return asString(definition, raw);
    case 'text':
      return asString(definition, raw).replace(/\r\n?/g, '\n');
    case 'int': {
      if (typeof raw === 'number' && Number.isSafeInteger(raw)) return raw;
      const text = typeof raw === 'string' ? raw.trim() : '';
      const value = Number(text);
      if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(value)) {
        invalid(definition, 'a whole number is expected');
      }
      return value;
    }
    case 'float': {
      if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
      const text = typeof raw === 'string' ? raw.trim() : '';
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) invalid(definition, 'a number is expected');
      return value;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const text = asString(definition, raw).trim().toLowerCase();
      if (TRUE_WORDS.has(text)) return true;
      if (FALSE_WORDS.has(text)) return false;
      return invalid(definition, 'true or false is expected');
    }
    case 'date':
      return toDate(definition, raw);
    case 'lines': {
      const lines = asStrings(definition, raw).flatMap((text) => text.split(/\r\n|\r|\n/));
      if (typeof raw === 'string' && lines[lines.length - 1] === '') lines.pop();
      return lines;
    }
    case 'tokens':
      return asStrings(definition, raw).flatMap((text) => text.split(/\s+/).filter(Boolean));
    case 'selection': {
      if (raw === undefined || raw === '') invalid(definition, 'a choice is expected');
      const value = asString(definition, raw);
      checkOptions(definition, [value]);
      return value;
    }
    case 'multiple selection': {
      const values = asStrings(definition, raw).filter((value) => value !== '');
      checkOptions(definition, values);
      return values;
    }
  }
}
