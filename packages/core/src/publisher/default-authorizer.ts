import type { Authorizer } from './interfaces';

/** The permission anonymous visitors hold under the {@link defaultAuthorizer}. */
export const VIEW_PERMISSION = 'View';

/**
 * The authorizer used until a security layer is plugged in: everyone holds the `View`
 * permission; every other permission is refused as `'unauthenticated'` (401), since without a
 * user folder nobody can log in.
 *
 * @example
 * ```ts
 * defaultAuthorizer.authorize(ctx, page, 'View'); // 'ok'
 * defaultAuthorizer.authorize(ctx, page, 'Change Page'); // 'unauthenticated'
 * ```
 */
export const defaultAuthorizer: Authorizer = Object.freeze({
  authorize: (_ctx: unknown, _context: object, permission: string) =>
    permission === VIEW_PERMISSION ? ('ok' as const) : ('unauthenticated' as const),
});
