import { isTraversable, Item, resolvePath } from '@zoa/core';
import type { NotificationFunction } from '../transience/interfaces';

/**
 * Resolves a container's notification path (Zope's add / delete notification "script path") to
 * a function: the path names a method of an object of the tree — `/shop/sessionEnded` calls
 * `shop.sessionEnded(session, container)` with the object as `this`. Absolute paths start at the
 * root, others at the container. Only methods: never a name starting with `_`, `constructor`,
 * or anything of `Object.prototype`. Resolves to undefined when there is no such method (the
 * container then logs a warning and goes on).
 *
 * @example
 * ```ts
 * container.setPathResolver(resolveNotificationPath);
 * container.setDelNotificationTarget('/shop/sessionEnded');
 * ```
 */
export async function resolveNotificationPath(
  path: string,
  container: object,
): Promise<NotificationFunction | undefined> {
  if (!(container instanceof Item)) return undefined;
  const segments = path.split('/').filter((segment) => segment !== '');
  const method = segments.pop();
  if (method === undefined || method.startsWith('_') || method in Object.prototype) {
    return undefined;
  }
  let target: object | undefined;
  if (path.startsWith('/')) {
    target = await resolvePath(container, `/${segments.join('/')}`);
  } else {
    target = container;
    for (const segment of segments) {
      if (target === undefined || !isTraversable(target)) return undefined;
      target = await target.publishTraverse(segment);
    }
  }
  if (target === undefined) return undefined;
  const fn: unknown = (target as Record<string, unknown>)[method];
  if (typeof fn !== 'function') return undefined;
  const bound = target;
  return (item, owner) => (fn as NotificationFunction).call(bound, item, owner);
}
