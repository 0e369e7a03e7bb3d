import type { MountPointSite, MountPointStatus } from '../config/mount-points';
import { createMountPoints, listMountPoints } from '../config/mount-points';
import { DatabaseSet } from '../persistence/database-set';
import type { PublisherContext } from '../publisher/interfaces';
import { registerPermission, VIEW_MANAGEMENT_SCREENS } from '../security/permission-registry';
import { MANAGER_ROLE } from '../security/roles';
import { BrokenMountPoint } from '../tree/broken-mount-point';
import { ObjectManager } from '../tree/object-manager';
import { attemptAction } from './form-error';
import type { ManageScreenRegistrar } from './manage-screen';
import { registerManageScreen } from './manage-screen';
import { seeOther } from './see-other';
import { renderZmiPage } from './zmi-page';
import { zmiSiteOf } from './zmi-site';

/** Creating mount points (Zope's "Add ZODB Mount Points"). Default: Manager. */
export const ADD_MOUNT_POINTS = 'Add Mount Points';

/** The site as mount point management needs it, or undefined (a test app has no config). */
function mountPointSite(ctx: PublisherContext): MountPointSite | undefined {
  const site = zmiSiteOf(ctx);
  const databases = site.config?.databases;
  if (!Array.isArray(databases) || !(site.databases instanceof DatabaseSet)) return undefined;
  return site as unknown as MountPointSite;
}

/**
 * True when the site configures databases besides the main one (the add menu offers them).
 *
 * @example
 * ```ts
 * if (configuresMountPoints(ctx)) types.push({ metaType: 'Mount Point', description: '' });
 * ```
 */
export function configuresMountPoints(ctx: PublisherContext): boolean {
  const site = mountPointSite(ctx);
  return site !== undefined && site.config.databases.length > 1;
}

/**
 * The mount points the site configures (every database but the main one), with their state
 * in the tree (Zope's "ZODB Mount Point" list); empty for a site without configuration.
 *
 * @example
 * ```ts
 * (await mountPointsOf(ctx)).filter((status) => status.status === 'ready');
 * ```
 */
export async function mountPointsOf(ctx: PublisherContext): Promise<MountPointStatus[]> {
  const site = mountPointSite(ctx);
  if (site === undefined || site.config.databases.length < 2) return [];
  return listMountPoints(site, ctx.zoa.txn);
}

/**
 * The "Mount Point" add screen: configured databases, their state, and a create button.
 *
 * @example
 * ```ts
 * if (metaType === 'Mount Point') return showMountPoints(ctx, folder);
 * ```
 */
export async function showMountPoints(
  ctx: PublisherContext,
  folder: ObjectManager,
  error?: string,
): Promise<string> {
  const statuses = await mountPointsOf(ctx);
  return renderZmiPage(
    ctx,
    folder,
    'zmi/mount-points.njk',
    { statuses, ready: statuses.filter((status) => status.status === 'ready').length },
    { tab: 'manage_main', title: 'Add Mount Points', ...(error === undefined ? {} : { error }) },
  );
}

/**
 * Registers the mount point screens: `manage_addForm?type=Mount Point` (see the add screens)
 * and `manage_addMountPoints` (POST `paths`: create the chosen mount points, the seed's
 * once-only step) on `ObjectManager`, and the error screen of a broken mount point (its
 * `manage_main`: the database, the error, and what to check).
 *
 * @example
 * ```ts
 * registerMountPointScreens(viewRegistry);
 * ```
 */
export function registerMountPointScreens(views: ManageScreenRegistrar): void {
  registerPermission(ADD_MOUNT_POINTS, [MANAGER_ROLE]);
  registerManageScreen(views, ObjectManager, {
    name: 'manage_addMountPoints',
    methods: ['POST'],
    permission: ADD_MOUNT_POINTS,
    handler: async (ctx, folder) => {
      const site = mountPointSite(ctx);
      const paths = ctx.zoa.form.getAll('paths');
      if (site === undefined || paths.length === 0) {
        return showMountPoints(ctx, folder, 'Choose the mount points to create.');
      }
      const outcome = await attemptAction(ctx, () => createMountPoints(site, ctx.zoa.txn, paths));
      if (!outcome.ok) return showMountPoints(ctx, folder, outcome.error);
      const created = outcome.value;
      return seeOther(ctx, folder, 'manage_main', {
        message:
          created.length === 0
            ? 'The mount points exist already.'
            : `Created the mount point${created.length === 1 ? '' : 's'} ${created.join(', ')}.`,
      });
    },
  });
  registerManageScreen(views, BrokenMountPoint, {
    name: 'manage_main',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Error', order: 10 },
    handler: async (ctx, broken) => {
      const status = (await mountPointsOf(ctx)).find((s) => s.databaseName === broken.databaseName);
      return renderZmiPage(ctx, broken, 'zmi/broken-mount-point.njk', {
        broken: { id: broken.id, databaseName: broken.databaseName, error: broken.error },
        status,
      });
    },
  });
}
