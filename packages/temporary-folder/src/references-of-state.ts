import { referencesIn, type Oid } from '@zoa/core';

const NONE: readonly Oid[] = Object.freeze([]);

/**
 * The distinct oids an encoded state refers to (its `{"$ref":[oid, class]}` references), without
 * parsing states that contain no reference at all (the common case of leaf objects).
 *
 * @param state - a record's state, as stored (JSON)
 * @example
 * ```ts
 * referencesOfState('{"child":{"$ref":[7,"Folder"]}}'); // [7]
 * referencesOfState('{"title":"no references"}'); // []
 * ```
 */
export function referencesOfState(state: string): readonly Oid[] {
  // JSON escapes every quote inside a string, so the literal `"$ref"` only occurs as a key.
  if (!state.includes('"$ref"')) return NONE;
  const oids = referencesIn(state);
  if (oids.length < 2) return oids;
  return [...new Set(oids)];
}
