import type { Persistent } from './persistent';

/** The conflict resolver a persistent class may define as a static method. */
export type ConflictResolver = (old: unknown, committed: unknown, mine: unknown) => unknown;

/** The `resolveConflict` of `obj`'s class, bound to it, or undefined when it has none. @internal */
export function resolverOf(obj: Persistent): ConflictResolver | undefined {
  const resolver = (obj.constructor as { resolveConflict?: unknown }).resolveConflict;
  return typeof resolver === 'function'
    ? (resolver as ConflictResolver).bind(obj.constructor)
    : undefined;
}
