/** The role every request has, logged in or not (Zope's `Anonymous`). */
export const ANONYMOUS_ROLE = 'Anonymous';
/** The role every logged-in user has (Zope's `Authenticated`). */
export const AUTHENTICATED_ROLE = 'Authenticated';
/** The role of site managers: the ZMI and every management permission. */
export const MANAGER_ROLE = 'Manager';
/** The role of the owner of an object (granted per object through `localRoles`, or globally). */
export const OWNER_ROLE = 'Owner';

/** The roles Zoa knows out of the box. */
export const BUILTIN_ROLES: readonly string[] = Object.freeze([
  ANONYMOUS_ROLE,
  AUTHENTICATED_ROLE,
  MANAGER_ROLE,
  OWNER_ROLE,
]);

/** Roles given by the request's state, never stored on a user. */
export const AUTOMATIC_ROLES: ReadonlySet<string> = new Set([ANONYMOUS_ROLE, AUTHENTICATED_ROLE]);

const ROLE_NAME = /^[A-Za-z][A-Za-z0-9 _.-]{0,63}$/;

/**
 * True when `role` is a well-formed role name that may be given to a user: letters, digits,
 * space, `_`, `.` and `-`, starting with a letter, at most 64 characters, and not one of the
 * {@link AUTOMATIC_ROLES}.
 *
 * @example
 * ```ts
 * isAssignableRole('Manager'); // true
 * isAssignableRole('Anonymous'); // false
 * ```
 */
export function isAssignableRole(role: unknown): role is string {
  return typeof role === 'string' && ROLE_NAME.test(role) && !AUTOMATIC_ROLES.has(role);
}
