import { BadRequestError } from '../errors';
import { escapeHtml } from '../errors/escape-html';
import { coercePropertyValue } from '../tree/property-types';
import type { AddFormField, AddFormValue, AddFormValues } from './interfaces';

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

function toFile(field: AddFormField, raw: unknown): Buffer {
  if (Buffer.isBuffer(raw) || raw instanceof Uint8Array) return Buffer.from(raw);
  if (typeof raw === 'string') return Buffer.from(raw, 'utf8');
  throw new BadRequestError(`The field "${escapeHtml(field.name)}" must be a file upload.`);
}

/**
 * Converts raw add-form input (form strings, lists of strings, uploads as Buffers) to typed
 * values, field by field: only the declared fields are read, a missing or empty field takes its
 * default, and a required one without a value is refused.
 *
 * @throws BadRequestError naming the field for a missing required value or a bad value.
 * @example
 * ```ts
 * coerceAddFormValues([{ name: 'size', label: 'Size', type: 'int', required: true }], { size: '3' });
 * // { size: 3 }
 * ```
 */
export function coerceAddFormValues(
  fields: readonly AddFormField[],
  input: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>,
): AddFormValues {
  const values = Object.create(null) as Record<string, AddFormValue | undefined>;
  for (const field of fields) {
    const raw =
      input instanceof Map
        ? input.get(field.name)
        : Object.hasOwn(input, field.name)
          ? (input as Record<string, unknown>)[field.name]
          : undefined;
    if (isEmpty(raw) && field.type !== 'boolean') {
      if (field.default !== undefined) values[field.name] = field.default;
      else if (field.required)
        throw new BadRequestError(`The field "${escapeHtml(field.label)}" is required.`);
      continue;
    }
    values[field.name] =
      field.type === 'file'
        ? toFile(field, raw)
        : coercePropertyValue(
            {
              id: field.name,
              type: field.type,
              ...(field.options ? { options: field.options } : {}),
            },
            raw,
          );
  }
  return values;
}
