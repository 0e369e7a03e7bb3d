/**
 * The traversal protocol: an object that has children to publish implements `publishTraverse`
 * (Zope's name). `traverse()` in the publisher calls it for each path segment; it must look the
 * name up in a Map-like child store (never as an object property), return an activated child,
 * and resolve mount points to the mounted database's root container.
 */
export interface Traversable {
  /** The child named `name`, activated, or undefined when there is none. */
  publishTraverse(name: string): Promise<object | undefined>;
}

/** True when `value` implements {@link Traversable}. */
export function isTraversable(value: unknown): value is Traversable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { publishTraverse?: unknown }).publishTraverse === 'function'
  );
}
