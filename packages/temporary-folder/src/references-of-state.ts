import { referencesIn, type Oid } from '@zoa/core';

const NONE: readonly Oid[] = Object.freeze([]);
/** The serializer writes a reference as `{"$ref":[oid,"ClassName"]}`. */
const REFERENCE = '{"$ref":[';
/** ...and user data with `$`-keys as `{"$obj":{…}}`, whose payload the decoder takes as plain. */
const WRAPPED = '{"$obj":';
const COLON = 58;
const ZERO = 48;
const NINE = 57;

/**
 * The oids an encoded state refers to (its `{"$ref":[oid, class]}` references), in order, once
 * per reference (an object referred to twice appears twice). Equivalent to core's
 * `referencesIn`, but scans the JSON text instead of parsing it.
 *
 * Why a scan is exact: JSON escapes every quote inside a string, so `{"$ref":[` can only be an
 * object whose first key is `$ref`. The encoder writes one only for a reference, or for user
 * data with a `$ref` key, which it wraps as `{"$obj":{"$ref":…}}` — so when a match follows
 * `{"$obj":` (or starts the state), the state is parsed and walked by `referencesIn` instead.
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
  const oids: Oid[] = [];
  for (let at = state.indexOf(REFERENCE); at >= 0; at = state.indexOf(REFERENCE, at)) {
    const afterColon = at > 0 && state.charCodeAt(at - 1) === COLON;
    if (at === 0 || (afterColon && state.startsWith(WRAPPED, at - WRAPPED.length))) {
      return referencesIn(state);
    }
    at += REFERENCE.length;
    let oid = 0;
    let code = state.charCodeAt(at);
    while (code >= ZERO && code <= NINE) {
      oid = oid * 10 + (code - ZERO);
      at += 1;
      code = state.charCodeAt(at);
    }
    oids.push(oid);
  }
  return oids;
}
