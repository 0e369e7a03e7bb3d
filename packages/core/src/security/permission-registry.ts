import { VIEW_PERMISSION } from '../publisher/default-authorizer';
import { ANONYMOUS_ROLE, BUILTIN_ROLES, isAssignableRole, MANAGER_ROLE } from './roles';

/** The permission every request holds, whatever the settings (Zope's `zope.Public`). */
export const PUBLIC_PERMISSION = 'zoa.Public';
/** Reading listings and properties of objects. Default: everyone. */
export const ACCESS_CONTENTS_INFORMATION = 'Access contents information';
/** The ZMI: every `manage_*` screen. Default: Manager. */
export const VIEW_MANAGEMENT_SCREENS = 'View management screens';
/** Adding, changing and deleting users in the user folder. Default: Manager. */
export const MANAGE_USERS = 'Manage users';
/** Changing properties of objects. Default: Manager. */
export const MANAGE_PROPERTIES = 'Manage properties';
/** Deleting objects from containers. Default: Manager. */
export const DELETE_OBJECTS = 'Delete objects';

const DEFAULTS: ReadonlyArray<readonly [string, readonly string[]]> = [
  [VIEW_PERMISSION, [ANONYMOUS_ROLE, MANAGER_ROLE]],
  [ACCESS_CONTENTS_INFORMATION, [ANONYMOUS_ROLE, MANAGER_ROLE]],
  [VIEW_MANAGEMENT_SCREENS, [MANAGER_ROLE]],
  [MANAGE_USERS, [MANAGER_ROLE]],
  [MANAGE_PROPERTIES, [MANAGER_ROLE]],
  [DELETE_OBJECTS, [MANAGER_ROLE]],
];

/** Roles a permission falls back to when nobody registered it (Zope's default too). */
const UNREGISTERED_DEFAULT: readonly string[] = Object.freeze([MANAGER_ROLE]);

const PERMISSION_NAME = /^[^\x00-\x1f\x7f-\x9f]{1,128}$/;

/**
 * Maps permission names to the roles that hold them (Zope's default roles of a permission).
 * Views name the permission they need; the security policy grants it when one of the request's
 * roles is in its list. `Anonymous` in a list means everyone; `Authenticated` every logged-in
 * user. A permission nobody registered belongs to `Manager` only, so a typo denies rather than
 * grants. {@link PUBLIC_PERMISSION} is always granted.
 *
 * @example
 * ```ts
 * permissionRegistry.register('Add Pages', ['Manager', 'Owner']);
 * permissionRegistry.isGranted('Add Pages', ['Authenticated', 'Owner']); // true
 * permissionRegistry.isGranted('View management screens', ['Anonymous']); // false
 * ```
 */
export class PermissionRegistry {
  private readonly permissions = new Map<string, readonly string[]>();
  private readonly knownRoles = new Set<string>(BUILTIN_ROLES);

  /** A registry with the default permissions (View, View management screens, ...). */
  constructor() {
    for (const [name, roles] of DEFAULTS) this.permissions.set(name, Object.freeze([...roles]));
  }

  /**
   * Registers a permission with its default roles (products call it for `Add <type>` and
   * `Change <type>` permissions). Registering the same roles again is a no-op.
   *
   * @throws TypeError for a bad name, an unknown role, or different roles for a known permission
   * (use {@link setRoles} to change them on purpose)
   */
  register(name: string, roles: readonly string[]): void {
    const checked = this.checkRoles(name, roles);
    const existing = this.permissions.get(name);
    if (existing !== undefined) {
      if (existing.join('\n') === checked.join('\n')) return;
      throw new TypeError(
        `Permission ${JSON.stringify(name)} is already registered with roles ${existing.join(', ')}`,
      );
    }
    this.permissions.set(name, checked);
  }

  /**
   * Gives a permission new roles (a site's own policy, e.g. `View` for `Authenticated` only).
   *
   * @throws TypeError for a bad name or an unknown role
   */
  setRoles(name: string, roles: readonly string[]): void {
    this.permissions.set(name, this.checkRoles(name, roles));
  }

  /** The roles holding `permission` (`Manager` alone for an unregistered one). */
  rolesOf(permission: string): readonly string[] {
    return this.permissions.get(permission) ?? UNREGISTERED_DEFAULT;
  }

  /** True when the permission was registered (or is a default one). */
  has(permission: string): boolean {
    return this.permissions.has(permission);
  }

  /** Every registered permission, sorted. */
  permissionNames(): string[] {
    return [...this.permissions.keys()].sort();
  }

  /**
   * True when one of `roles` holds `permission`: always for {@link PUBLIC_PERMISSION}; when the
   * permission's roles include `Anonymous`, for everyone.
   */
  isGranted(permission: string, roles: Iterable<string>): boolean {
    if (permission === PUBLIC_PERMISSION) return true;
    const holders = this.rolesOf(permission);
    if (holders.includes(ANONYMOUS_ROLE)) return true;
    for (const role of roles) if (holders.includes(role)) return true;
    return false;
  }

  /**
   * Declares a site role besides the built-in ones (Zope's `_addRole`).
   *
   * @throws TypeError for a malformed name
   */
  addRole(role: string): void {
    if (!isAssignableRole(role) && !this.knownRoles.has(role)) {
      throw new TypeError(`Invalid role name ${JSON.stringify(role)}`);
    }
    this.knownRoles.add(role);
  }

  /** Every known role: Anonymous, Authenticated, Manager, Owner and the added ones. */
  roles(): string[] {
    return [...this.knownRoles];
  }

  private checkRoles(name: string, roles: readonly string[]): readonly string[] {
    if (typeof name !== 'string' || !PERMISSION_NAME.test(name) || name === PUBLIC_PERMISSION) {
      throw new TypeError(`Invalid permission name ${JSON.stringify(name)}`);
    }
    if (!Array.isArray(roles)) throw new TypeError(`Permission ${name}: roles must be an array`);
    for (const role of roles) {
      if (!this.knownRoles.has(role)) {
        throw new TypeError(
          `Permission ${name}: unknown role ${JSON.stringify(role)} (addRole first)`,
        );
      }
    }
    return Object.freeze([...new Set(roles)].sort());
  }
}

/** The registry the default security policy uses; products register their permissions here. */
export const permissionRegistry = new PermissionRegistry();

/**
 * Registers a permission in the shared {@link permissionRegistry}.
 *
 * @example
 * ```ts
 * registerPermission('Change Pages', ['Manager', 'Owner']);
 * ```
 */
export function registerPermission(name: string, roles: readonly string[]): void {
  permissionRegistry.register(name, roles);
}
