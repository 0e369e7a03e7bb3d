/**
 * The traversal protocol: an object that has children to publish implements `publishTraverse`
 * (Zope's name). `traverse()` in the publisher calls it for each path segment; it must look the
 * name up in a Map-like child store (never as an object property), return an activated child,
 * and resolve mount points to the mounted database's root container.
 */
export interface Traversable {
  /**
   * The child named `name`, activated, or undefined when there is none. It may answer without a
   * promise when nothing had to be loaded (traversal then skips a microtask turn per segment).
   */
  publishTraverse(name: string): object | undefined | Promise<object | undefined>;
}

/** True when `value` implements {@link Traversable}. */
export function isTraversable(value: unknown): value is Traversable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { publishTraverse?: unknown }).publishTraverse === 'function'
  );
}

/**
 * The mount hook (implemented by mount points, which live outside the folder code): a child
 * stored in a folder that has an async `resolveMount(parent)` method stands for the root
 * container of another database. `Folder.publishTraverse` calls it and returns its result
 * instead of the stored child. The contract: `resolveMount` opens the mounted database in the
 * same unit of work, returns its root container with the parent link set to `parent`, and never
 * throws for a missing or failing database — it returns a placeholder that reports the error.
 */
export interface Mountable {
  /** The object to publish in place of this one (the mounted root container). */
  resolveMount(parent: object): Promise<object>;
}

/** True when `value` implements {@link Mountable}. */
export function isMountable(value: unknown): value is Mountable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { resolveMount?: unknown }).resolveMount === 'function'
  );
}
