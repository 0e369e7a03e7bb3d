import type { Oid } from '@zoa/core';

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
 * serializer always wraps in `{"$obj":…}`. States containing `"$obj"` are therefore parsed and
 * walked with the decoder's own rules (core's `referencesIn` would also count a `$ref` key of
 * such wrapped user data, and the vote would then reject a reference that is not one).
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
  if (state.includes('"$obj"')) return distinct(referencesInTree(JSON.parse(state)));
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

/** The tags of core's record format (docs/adr/0001-record-format.md); keep in step with it. */
const TAGS = new Set([
  '$ref',
  '$date',
  '$map',
  '$set',
  '$bytes',
  '$buffer',
  '$bigint',
  '$num',
  '$undef',
  '$obj',
  '$inst',
]);

/** The oids a parsed state refers to, following the rules of core's `decodeState`. */
function referencesInTree(tree: unknown): Oid[] {
  const oids: Oid[] = [];
  const plain = (record: unknown): void => {
    if (record === null || typeof record !== 'object') return;
    for (const value of Object.values(record)) walk(value);
  };
  const walk = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach(walk);
      return;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const tag = keys[0];
    if (tag === undefined || !TAGS.has(tag) || (keys.length !== 1 && tag !== '$inst')) {
      plain(record);
      return;
    }
    const payload = record[tag];
    if (tag === '$ref' && Array.isArray(payload) && typeof payload[0] === 'number') {
      oids.push(payload[0]);
    } else if (tag === '$map' || tag === '$set') {
      if (Array.isArray(payload)) payload.forEach(walk);
    } else if (tag === '$obj') {
      plain(payload);
    } else if (tag === '$inst') {
      plain(record.state);
    }
  };
  plain(tree);
  return oids;
}

function distinct(oids: Oid[]): readonly Oid[] {
  return oids.length < 2 ? oids : [...new Set(oids)];
}
