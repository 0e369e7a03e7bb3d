import type {
  NotificationFunction,
  NotificationTarget,
  PathResolver,
  TransienceLogger,
} from './interfaces';

/** Which notification fires. */
export type NotificationKind = 'add' | 'delete';

/** What {@link notifyTarget} needs to know about the container. */
export interface NotifyContext {
  /** The container, passed to the target as its second argument. */
  container: object;
  /** How log messages name the container (its path). */
  where: string;
  resolvePath: PathResolver | undefined;
  logger: TransienceLogger;
}

/**
 * Calls a notification target as `(item, container)` and waits for it. A path is resolved
 * through the context's resolver first. Nothing is ever raised (Zoa departs from Zope here):
 * a target that cannot be found, is not callable, or fails is reported to the logger, with
 * Zope's messages.
 */
export async function notifyTarget(
  kind: NotificationKind,
  target: NotificationTarget | null,
  item: unknown,
  context: NotifyContext,
): Promise<void> {
  if (target === null || target === '') return;
  const { logger, where } = context;
  const method = kind === 'add' ? 'notifyAdd' : 'notifyDel';
  let callback: unknown = target;
  if (typeof target === 'string') {
    try {
      callback = context.resolvePath
        ? await context.resolvePath(target, context.container)
        : undefined;
    } catch (error) {
      callback = undefined;
      logger.warn(`Resolving ${target} failed in ${where}`, error);
    }
    if (callback === undefined || callback === null) {
      const role = kind === 'add' ? 'onAdd' : 'onDelete';
      logger.warn(`No such ${role} method ${target} referenced via ${where}`);
      return;
    }
  }
  if (typeof callback !== 'function') {
    logger.warn(`${method} in ${where} attempted to call non-callable ${String(target)}`);
    return;
  }
  try {
    await (callback as NotificationFunction)(item, context.container);
  } catch (error) {
    const name = typeof target === 'string' ? target : target.name || 'a function';
    logger.warn(`${method} failed when calling ${name} in ${where}`, error);
  }
}
