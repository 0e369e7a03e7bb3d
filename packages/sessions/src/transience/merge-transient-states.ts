import { ConflictError } from '@zoa/core';

/**
 * One entry of a transient object's stored data: `[key, value]`, or `[key, value, 1]` when the
 * transaction that wrote it had read the key first (a read-modify-write, such as an increment).
 */
export type StoredEntry =
  [key: string, value: unknown] | [key: string, value: unknown, readFirst: 1];

/** The stored state of a `TransientObject`, as conflict resolution sees it (JSON). */
export interface TransientState {
  id: string;
  key: string;
  created: number;
  lastAccessed: number;
  lastModified: number | null;
  data: StoredEntry[];
  invalid?: true;
  /** The container timeslice of the last touch (absent in states stored before it was kept). */
  timeslice?: number;
  [other: string]: unknown;
}

interface Side {
  entry: StoredEntry;
  json: string;
}

/**
 * Three-way merge of two concurrent changes to one transient object (the session data), so that
 * parallel requests of one visitor do not lose each other's writes:
 * - an invalidated state wins outright;
 * - keys changed by one side only keep that side's change, so writes to different keys all
 *   survive;
 * - a key both sides set blindly (without reading it first) to different values keeps the value of
 *   the side with the later `lastModified`;
 * - a key both sides changed where this side read it first (a read-modify-write such as an
 *   increment), deleted it, or where both modification times are equal, cannot be merged safely:
 *   {@link ConflictError}, and the request is retried on fresh data;
 * - `lastAccessed`, `lastModified` and the timeslice of the last touch take the later of the two.
 *
 * @throws ConflictError when the states cannot be merged, or are not states of one object.
 */
export function mergeTransientStates(
  old: unknown,
  committed: unknown,
  mine: unknown,
): TransientState {
  const o = asState(old);
  const c = asState(committed);
  const m = asState(mine);
  if (c.invalid === true) return c;
  if (m.invalid === true) return m;
  if (o.invalid === true) throw refuse('the base state was invalidated');
  for (const field of ['id', 'key', 'created'] as const) {
    if (o[field] !== c[field] || o[field] !== m[field]) throw refuse(`the ${field} differs`);
  }
  const mineIsLater = compareTimes(m.lastModified, c.lastModified);
  const before = sidesOf(o);
  const theirs = sidesOf(c);
  const ours = sidesOf(m);
  const data: StoredEntry[] = [];
  const keys = new Set([...theirs.keys(), ...ours.keys(), ...before.keys()]);
  for (const key of keys) {
    const kept = mergeKey(before.get(key), theirs.get(key), ours.get(key), mineIsLater);
    if (kept) data.push(kept.entry);
  }
  const merged: TransientState = {
    ...m,
    lastAccessed: Math.max(c.lastAccessed, m.lastAccessed),
    lastModified:
      compareTimes(m.lastModified, c.lastModified) >= 0 ? m.lastModified : c.lastModified,
    data,
  };
  const timeslice = laterSlice(c.timeslice, m.timeslice);
  if (timeslice !== undefined) merged.timeslice = timeslice;
  return merged;
}

function mergeKey(
  before: Side | undefined,
  theirs: Side | undefined,
  ours: Side | undefined,
  mineIsLater: number,
): Side | undefined {
  if (same(before, theirs)) return ours;
  if (same(before, ours)) return theirs;
  if (theirs === undefined && ours === undefined) return undefined;
  const key = (ours ?? theirs ?? before)?.entry[0] ?? '';
  if (ours === undefined) throw refuse(`one side deleted the key ${JSON.stringify(key)}`);
  if (ours.entry[2] === 1) throw refuse(`both read and changed the key ${JSON.stringify(key)}`);
  if (theirs !== undefined && theirs.json === ours.json) return ours;
  if (mineIsLater > 0) return ours;
  if (mineIsLater < 0) return theirs;
  throw refuse(`both changed the key ${JSON.stringify(key)} at the same time`);
}

/** The later of two touch slices; undefined when neither side has one. */
function laterSlice(a: number | undefined, b: number | undefined): number | undefined {
  if (typeof a !== 'number') return typeof b === 'number' ? b : undefined;
  return typeof b === 'number' ? Math.max(a, b) : a;
}

function same(a: Side | undefined, b: Side | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.json === b.json;
}

/** Positive when `a` is later than `b` (null, never modified, is earliest). */
function compareTimes(a: number | null, b: number | null): number {
  return (a ?? -Infinity) - (b ?? -Infinity) || 0;
}

function sidesOf(state: TransientState): Map<string, Side> {
  const sides = new Map<string, Side>();
  for (const entry of state.data) sides.set(entry[0], { entry, json: JSON.stringify(entry[1]) });
  return sides;
}

function asState(state: unknown): TransientState {
  if (state === null || typeof state !== 'object') throw refuse('not a transient object state');
  const record = state as Record<string, unknown>;
  const { data, lastAccessed, lastModified } = record;
  const valid =
    Array.isArray(data) &&
    data.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string') &&
    typeof lastAccessed === 'number' &&
    (lastModified === null || typeof lastModified === 'number');
  if (!valid) throw refuse('not a transient object state');
  return record as TransientState;
}

function refuse(reason: string): ConflictError {
  return new ConflictError(`TransientObject conflict: ${reason}`);
}
