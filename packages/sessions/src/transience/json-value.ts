import { CannotStoreError } from '@zoa/core';

/** A value session data can hold: what `JSON.stringify` writes and `JSON.parse` gives back. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Checks that `value` is a plain JSON-like value — null, a boolean, a finite number, a string, or
 * arrays and plain objects of those, without cycles — and returns a deep copy of it, so that
 * later in-place changes to the caller's object do not reach the stored data unnoticed.
 *
 * @throws CannotStoreError naming the key and the path of the first value that is not, with a
 * hint (store `date.toISOString()`, an array instead of a Set, ...).
 */
export function copyJsonValue(value: unknown, key: string): JsonValue {
  const seen = new Set<object>();
  const copy = (item: unknown, path: string): JsonValue => {
    switch (typeof item) {
      case 'string':
      case 'boolean':
        return item;
      case 'number':
        if (Number.isFinite(item)) return item;
        throw refuse(key, path, `${String(item)} is not a JSON number`);
      case 'object':
        break;
      case 'undefined':
        throw refuse(key, path, 'undefined is not a JSON value (delete the key instead)');
      default:
        throw refuse(key, path, `a ${typeof item} is not a JSON value`);
    }
    if (item === null) return null;
    if (seen.has(item)) throw refuse(key, path, 'a circular reference cannot be stored');
    seen.add(item);
    let out: JsonValue;
    const proto: unknown = Object.getPrototypeOf(item);
    if (Array.isArray(item)) {
      out = Array.from({ length: item.length }, (_, i) => copy(item[i], `${path}[${i}]`));
    } else if (proto === Object.prototype || proto === null) {
      const record = item as Record<string, unknown>;
      const target: { [name: string]: JsonValue } = {};
      for (const name of Object.keys(record)) {
        Object.defineProperty(target, name, {
          value: copy(record[name], `${path}.${name}`),
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
      out = target;
    } else {
      const kind = (item as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw refuse(key, path, `an instance of ${kind} is not a plain JSON value${hintFor(item)}`);
    }
    seen.delete(item);
    return out;
  };
  return copy(value, key);
}

function hintFor(item: object): string {
  if (item instanceof Date) return ' (store date.toISOString() or date.getTime())';
  if (item instanceof Map) return ' (store Object.fromEntries(map) or [...map])';
  if (item instanceof Set) return ' (store [...set])';
  return '';
}

function refuse(key: string, path: string, what: string): CannotStoreError {
  const where = path === key ? '' : ` at ${path}`;
  return new CannotStoreError(
    `Cannot store the value of session key "${key}"${where}: ${what}. ` +
      'Session data holds plain JSON-like values only.',
  );
}
