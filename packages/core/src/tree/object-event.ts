import type { Item } from './item';

/**
 * The kinds of object events (Zope's `IObjectWillBeAddedEvent`, `IObjectAddedEvent`, ...):
 *
 * - `will-add` / `added`: an object enters a container (new, copied, or imported);
 * - `will-remove` / `removed`: an object leaves its container for good;
 * - `will-move` / `moved`: an object changes container or id (cut and paste, rename);
 * - `copied`: an object was made as a copy of `original`, before it is added;
 * - `container-modified`: a container's children or their order changed (sent to the
 *   container only, not to its subtree).
 *
 * `will-*` events are sent before anything changes: a listener (or a before-delete hook) that
 * throws aborts the operation, which is how a delete is vetoed.
 */
export type ObjectEventType =
  | 'will-add'
  | 'added'
  | 'will-remove'
  | 'removed'
  | 'will-move'
  | 'moved'
  | 'copied'
  | 'container-modified';

/**
 * One object event. Subtree events are delivered to every object in the subtree of `object`
 * (the object itself first, then its descendants), each listener call receiving the object it
 * is delivered to as `target` and this same event.
 */
export interface ObjectEvent {
  /** What happened. */
  readonly type: ObjectEventType;
  /** The object added, removed, moved or copied; the container for `container-modified`. */
  readonly object: Item;
  /** The container the object leaves (remove, move). */
  readonly oldParent?: Item | undefined;
  /** The object's id in `oldParent`. */
  readonly oldName?: string | undefined;
  /** The container the object enters (add, move). */
  readonly newParent?: Item | undefined;
  /** The object's id in `newParent`. */
  readonly newName?: string | undefined;
  /** For `copied`: the object the copy was made from. */
  readonly original?: Item | undefined;
}
