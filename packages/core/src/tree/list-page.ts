import type { Persistent } from '../persistence/persistent';
import { BrokenItem } from './broken-item';
import { Item } from './item';

/** Meta types to keep in a listing: one, or any of several. */
export type MetaTypeFilter = string | readonly string[];

/** Paging of a listing; ids follow the folder's order (sorted by id in a large folder). */
export interface PageOptions {
  /** Start after this child id (a cursor; for an ordered folder it must be a child's id). */
  after?: string;
  /** Skip this many matching children first. */
  start?: number;
  /** At most this many children. */
  limit?: number;
}

/** True when the stored child `obj` (possibly a ghost, whose class is known) matches `filter`. */
export function matchesMetaType(obj: Persistent, filter: MetaTypeFilter | undefined): boolean {
  if (filter === undefined) return true;
  const metaType = obj instanceof Item ? obj.metaType : BrokenItem.metaType;
  return typeof filter === 'string' ? metaType === filter : filter.includes(metaType);
}

/** Keeps the stored children of `entries` that match `filter`. */
export async function* filterByMetaType(
  entries: AsyncIterable<[string, Persistent]>,
  filter: MetaTypeFilter | undefined,
): AsyncGenerator<[string, Persistent], void, undefined> {
  for await (const entry of entries) if (matchesMetaType(entry[1], filter)) yield entry;
}

/** One page of `source`: skips `page.start` values, then takes up to `page.limit`, stopping early. */
export async function collectPage<T>(source: AsyncIterable<T>, page: PageOptions): Promise<T[]> {
  const out: T[] = [];
  const limit = page.limit ?? Number.POSITIVE_INFINITY;
  let skip = page.start ?? 0;
  if (limit <= 0) return out;
  for await (const value of source) {
    if (skip > 0) {
      skip -= 1;
      continue;
    }
    out.push(value);
    if (out.length >= limit) break;
  }
  return out;
}
