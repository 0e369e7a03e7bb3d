import { isTraversable } from './interfaces';
import { Item } from './item';

/**
 * The object at the physical `path` (`/a/b`), found from the root of `start`'s tree through
 * `publishTraverse` (so mount points are followed), or undefined. No security checks: it is for
 * trusted code such as paste (Zope's `unrestrictedTraverse`).
 *
 * @example
 * ```ts
 * const page = await resolvePath(folder, '/news/first');
 * ```
 */
export async function resolvePath(start: Item, path: string): Promise<Item | undefined> {
  let node: object = start;
  for (let up = start.__parent__; up; up = up.__parent__) node = up;
  for (const segment of path.split('/')) {
    if (segment === '') continue;
    if (!isTraversable(node)) return undefined;
    const next = await node.publishTraverse(segment);
    if (next === undefined) return undefined;
    node = next;
  }
  return node instanceof Item ? node : undefined;
}
