import { isTraversable } from '../tree/interfaces';
import { isReservedTraversalName } from './reserved-names';

/** What {@link traverse} found (Pyramid's traversal record). */
export interface TraversalResult {
  /** The last object reached: the object the view is looked up for. */
  readonly context: object;
  /** The view to call on the context: `''` for the default view, else the name that missed. */
  readonly viewName: string;
  /** The segments after the view name (empty unless traversal stopped early). */
  readonly subpath: readonly string[];
  /** The names traversed from the root to the context. */
  readonly traversed: readonly string[];
  /** Every object on the way, innermost first: `parents[0]` is the context, the root is last. */
  readonly parents: readonly object[];
  /** The object traversal started from. */
  readonly root: object;
}

/** The marker of an explicit view segment (`@@edit` names the view `edit`). */
const VIEW_MARKER = '@@';

/**
 * Walks `segments` from `root` through {@link Traversable} objects, Pyramid-style: a pure
 * function with no HTTP and no security. Each step calls `publishTraverse(name)` on the current
 * object. Traversal stops at the first segment that misses (no such child, the current object is
 * not traversable, the child is not an object, or the name is reserved — see
 * {@link isReservedTraversalName}: those are never handed to `publishTraverse`), or at an `@@name`
 * segment; the stopping segment becomes `viewName` (without `@@`) and the rest `subpath`.
 *
 * @param root - the object to start from (the root of the main database)
 * @param segments - decoded path segments, as returned by `parsePath`
 * @example
 * ```ts
 * const found = await traverse(root, ['docs', 'intro', '@@edit', 'x']);
 * // found.context is intro, found.viewName 'edit', found.subpath ['x']
 * ```
 */
export async function traverse(
  root: object,
  segments: readonly string[],
): Promise<TraversalResult> {
  let context = root;
  const lineage: object[] = [root];
  let i = 0;
  for (; i < segments.length; i += 1) {
    const name = segments[i] as string;
    if (name.startsWith(VIEW_MARKER) && name.length > VIEW_MARKER.length) {
      return result(context, name.slice(VIEW_MARKER.length), segments, i, lineage, root);
    }
    if (isReservedTraversalName(name) || !isTraversable(context)) break;
    const found = context.publishTraverse(name);
    const child: unknown = found instanceof Promise ? await found : found;
    if (typeof child !== 'object' || child === null) break;
    context = child;
    lineage.push(child);
  }
  if (i === segments.length) return result(context, '', segments, i, lineage, root);
  return result(context, segments[i] as string, segments, i, lineage, root);
}

function result(
  context: object,
  viewName: string,
  segments: readonly string[],
  stop: number,
  lineage: object[],
  root: object,
): TraversalResult {
  return {
    context,
    viewName,
    subpath: stop + 1 < segments.length ? segments.slice(stop + 1) : [],
    traversed: segments.slice(0, stop),
    parents: lineage.reverse(),
    root,
  };
}
