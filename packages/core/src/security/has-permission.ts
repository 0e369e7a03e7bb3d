import { requestSecurityOf } from './request-security';

/**
 * True when the request's caller holds `permission` on the view's context: the same answer the
 * security policy would give, with the roles it computed when it authorized the view (the
 * principal's roles plus local roles on `ctx.zoa.context`). For menus and buttons — the ZMI's
 * add menu passes it to `addableTypes({ hasPermission })`. It never replaces the view's own
 * permission check.
 *
 * @throws Error when the request was not authorized by a `SecurityPolicy`
 * @example
 * ```ts
 * const types = productRegistry.addableTypes({ hasPermission: (p) => hasPermission(ctx, p) });
 * ```
 */
export function hasPermission(ctx: object, permission: string): boolean {
  const { policy, principal, contextRoles } = requestSecurityOf(ctx);
  return policy.options.permissions.isGranted(permission, contextRoles ?? principal?.roles ?? []);
}
