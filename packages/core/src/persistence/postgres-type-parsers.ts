import { types } from 'pg';
import type { CustomTypesConfig } from 'pg';

const INT8 = 20;
const INT8_ARRAY = 1016;

/** Parses a `bigint` as a JS number; oids, tids and counts stay within safe integers. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} is not a safe integer`);
  return value;
}

/** Parses a `bigint[]` literal such as `{1,2,3}` (one dimension, no NULLs: oid lists). */
function parseInt8Array(text: string): number[] {
  const body = text.slice(1, -1);
  return body === '' ? [] : body.split(',').map(parseInt8);
}

/**
 * The type parsers of {@link PostgresStorage}'s pool: `bigint` and `bigint[]` as numbers (pg's
 * default is strings); every other type as pg parses it. Scoped to the pool, so other users of
 * `pg` in the process keep their own parsing.
 *
 * @example
 * ```ts
 * const pool = new Pool({ connectionString, types: postgresTypeParsers });
 * ```
 */
export const postgresTypeParsers: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && oid === INT8) return parseInt8;
    if (format !== 'binary' && oid === INT8_ARRAY) return parseInt8Array;
    return types.getTypeParser(oid, format);
  }) as CustomTypesConfig['getTypeParser'],
};
