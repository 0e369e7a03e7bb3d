import { referencesIn, type Oid } from '@zoa/core';

const NONE: readonly Oid[] = Object.freeze([]);
/** The serializer writes a reference as `{"$ref":[oid,"ClassName"]}`. */
const REFERENCE = '{"$ref":[';
const ZERO = 48;
const NINE = 57;

/**
 * The distinct oids an encoded state refers to (its `{"$ref":[oid, class]}` references), found
 * without parsing the JSON.
 *
 * Why a scan is exact: JSON escapes every quote inside a string, so `{"$ref":[` can only be an
 * object whose first key is `$ref` — a reference, or user data with a `$ref` key, which the
 * serializer always wraps in `{"$obj":…}`; states containing `"$obj"` therefore go through
 * core's `referencesIn`, which applies the decoder's rules.
 *
 * @param state - a record's state, as stored (JSON)
 * @example
 * ```ts
 * referencesOfState('{"child":{"$ref":[7,"Folder"]}}'); // [7]
 * referencesOfState('{"title":"no references"}'); // []
 * ```
 */
export function referencesOfState(state: string): readonly Oid[] {
  if (!state.includes('"$ref"')) return NONE;
  if (state.includes('"$obj"')) return distinct(referencesIn(state));
  const oids: Oid[] = [];
  let seen: Set<Oid> | undefined;
  for (let at = state.indexOf(REFERENCE); at >= 0; at = state.indexOf(REFERENCE, at)) {
    at += REFERENCE.length;
    let oid = 0;
    let code = state.charCodeAt(at);
    while (code >= ZERO && code <= NINE) {
      oid = oid * 10 + (code - ZERO);
      at += 1;
      code = state.charCodeAt(at);
    }
    if (oids.length < 8) {
      if (!oids.includes(oid)) oids.push(oid);
    } else {
      seen ??= new Set(oids);
      if (!seen.has(oid)) {
        seen.add(oid);
        oids.push(oid);
      }
    }
  }
  return oids;
}

function distinct(oids: Oid[]): readonly Oid[] {
  return oids.length < 2 ? oids : [...new Set(oids)];
}
