import { findRequestSecurity } from '../security/request-security';
import { permissionRegistry, VIEW_MANAGEMENT_SCREENS } from '../security/permission-registry';
import { Application } from '../tree/application';
import type { ManageScreenRegistrar } from './manage-screen';
import { registerManageScreen } from './manage-screen';
import { renderZmiPage } from './zmi-page';

/**
 * Registers the root's Security tab (`manage_access`): which roles hold each permission, as the
 * site's permission registry says (Zope's permission × role matrix). It is read-only: Zoa's
 * permissions are site-wide and set in code (`permissionRegistry.setRoles`), not per object.
 *
 * @example
 * ```ts
 * registerSecurityScreen(viewRegistry);
 * ```
 */
export function registerSecurityScreen(views: ManageScreenRegistrar): void {
  registerManageScreen(views, Application, {
    name: 'manage_access',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Security', order: 70 },
    handler: (ctx, root) => {
      const registry = findRequestSecurity(ctx)?.policy.options.permissions ?? permissionRegistry;
      const roles = registry.roles();
      const rows = registry.permissionNames().map((permission) => {
        const holders = registry.rolesOf(permission);
        return { permission, cells: roles.map((role) => holders.includes(role)) };
      });
      return renderZmiPage(ctx, root, 'zmi/security.njk', { roles, rows });
    },
  });
}
