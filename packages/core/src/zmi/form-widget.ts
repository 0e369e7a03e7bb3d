import type { AddFormFieldType } from '../products/interfaces';

/** How a typed value is edited in a ZMI form (`zmi/widgets.njk` renders it). */
export interface FormWidget {
  readonly kind: 'text' | 'textarea' | 'checkbox' | 'select' | 'multiselect' | 'file';
  /** The form field name. */
  readonly name: string;
  readonly label: string;
  /** The property or field type, shown as a hint. */
  readonly type: string;
  /** The value of a text field, text area or select. */
  readonly value: string;
  /** The chosen values of a multiple selection. */
  readonly values: readonly string[];
  readonly checked: boolean;
  /** The choices of a select. */
  readonly options: readonly string[];
  readonly required: boolean;
  /** `numeric` / `decimal` for numbers (a text input that keeps what was typed). */
  readonly inputmode: string;
  readonly placeholder: string;
  /** The HTML id of the control. */
  readonly htmlId: string;
}

/** Options of {@link formWidget}. */
export interface FormWidgetOptions {
  readonly name: string;
  readonly label?: string;
  readonly type: AddFormFieldType;
  /** The current value: a property value, or the raw form input shown again. */
  readonly value?: unknown;
  readonly options?: readonly string[];
  readonly required?: boolean;
  /** Prefix of the control's HTML id (default `zmi-field-`). */
  readonly idPrefix?: string;
}

/**
 * The widget for a value of a Zope property type (or an add form's `file` field): string,
 * int and float as text inputs (with an input mode), text and lines as text areas, boolean as a
 * checkbox, date as an ISO text field (UTC), tokens as a space-separated text field, selections
 * as selects (text when no choices are known).
 *
 * @example
 * ```ts
 * formWidget({ name: 'tags', type: 'tokens', value: ['a', 'b'] }); // kind 'text', value 'a b'
 * ```
 */
export function formWidget(options: FormWidgetOptions): FormWidget {
  const { name, type, value } = options;
  const choices = options.options ?? [];
  const base = {
    name,
    label: options.label ?? name,
    type,
    value: '',
    values: [] as string[],
    checked: false,
    options: choices,
    required: options.required === true,
    inputmode: '',
    placeholder: '',
    htmlId: `${options.idPrefix ?? 'zmi-field-'}${name}`,
  };
  switch (type) {
    case 'text':
      return { ...base, kind: 'textarea', value: text(value) };
    case 'lines':
      return { ...base, kind: 'textarea', value: list(value).join('\n') };
    case 'tokens':
      return { ...base, kind: 'text', value: list(value).join(' ') };
    case 'boolean':
      return { ...base, kind: 'checkbox', checked: value === true || isTrueWord(value) };
    case 'int':
      return { ...base, kind: 'text', value: text(value), inputmode: 'numeric' };
    case 'float':
      return { ...base, kind: 'text', value: text(value), inputmode: 'decimal' };
    case 'date':
      return { ...base, kind: 'text', value: dateText(value), placeholder: '2026-11-26T10:30Z' };
    case 'selection':
      return choices.length > 0
        ? { ...base, kind: 'select', value: text(value) }
        : { ...base, kind: 'text', value: text(value) };
    case 'multiple selection':
      return choices.length > 0
        ? { ...base, kind: 'multiselect', values: list(value) }
        : { ...base, kind: 'textarea', value: list(value).join('\n') };
    case 'file':
      return { ...base, kind: 'file' };
    default:
      return { ...base, kind: 'text', value: text(value) };
  }
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(String).join('\n');
  return '';
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value === '' ? [] : value.split(/\r\n|\r|\n/);
  return [];
}

function dateText(value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return value
      .toISOString()
      .replace(/:00\.000Z$/, 'Z')
      .replace(/\.000Z$/, 'Z');
  }
  return typeof value === 'string' ? value : '';
}

function isTrueWord(value: unknown): boolean {
  return typeof value === 'string' && ['1', 'true', 'on', 'yes'].includes(value.toLowerCase());
}
