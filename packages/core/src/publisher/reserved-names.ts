/**
 * Names that traversal and view lookup never resolve (T-04): every property name of
 * `Object.prototype` and `Function.prototype` (as of this Node version, plus a fixed list so the
 * set does not depend on the runtime), `then` (thenables), and `prototype`.
 */
const RESERVED = new Set<string>([
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toString',
  'toLocaleString',
  'valueOf',
  'then',
  'call',
  'apply',
  'bind',
  'arguments',
  'caller',
  'length',
  'name',
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Function.prototype),
]);

/** Prefixes reserved for private names and Zope's namespaces (`_x`, `aq_x`, `@@x`, `++x`). */
const RESERVED_PREFIXES = ['_', 'aq_', '@@', '++'] as const;

/**
 * True when `name` must never be resolved as a child or a view: names starting with `_`, `aq_`,
 * `@@` or `++`, and the names of `Object.prototype` / `Function.prototype` members (T-04).
 *
 * @example
 * ```ts
 * isReservedTraversalName('__proto__'); // true
 * isReservedTraversalName('toString'); // true
 * isReservedTraversalName('index_html'); // false
 * ```
 */
export function isReservedTraversalName(name: string): boolean {
  if (RESERVED.has(name)) return true;
  for (const prefix of RESERVED_PREFIXES) if (name.startsWith(prefix)) return true;
  return false;
}
