import type { ViewRegistry } from '../publisher/view-registry';
import { PUBLIC_PERMISSION } from '../security/permission-registry';
import { Application } from '../tree/application';
import { registerAddScreens } from './add-screens';
import { registerContentsScreen } from './contents-screen';
import { registerControlPanelScreen } from './control-panel-screen';
import { registerFileDownload } from './file-download';
import { registerFileScreens } from './file-screens';
import { registerFolderActions } from './folder-actions';
import { registerItemScreen } from './item-screen';
import { registerMountPointScreens } from './mount-point-screens';
import { registerPageScreens } from './page-screens';
import { registerPropertiesScreen } from './properties-screen';
import { registerRenameScreen } from './rename-screen';
import { registerSecurityScreen } from './security-screen';
import { registerUserFolderScreens } from './user-folder-screens';
import { serveStatic, STATIC_VIEW } from './zmi-static';
import type { ZmiToolkit } from './zmi-toolkit';
import { zmiToolkit } from './zmi-toolkit';

/** Registers a product's ZMI screens in a view registry, with the toolkit (see {@link extendZmi}). */
export type ZmiInstaller = (views: ViewRegistry, zmi: ZmiToolkit) => void;

const installedRegistries: WeakRef<ViewRegistry>[] = [];
const installers: ZmiInstaller[] = [];
const applied = new WeakMap<ViewRegistry, Set<ZmiInstaller>>();

function apply(views: ViewRegistry, installer: ZmiInstaller): void {
  let done = applied.get(views);
  if (done === undefined) {
    done = new Set();
    applied.set(views, done);
  }
  if (done.has(installer)) return;
  done.add(installer);
  installer(views, zmiToolkit);
}

/**
 * Registers the ZMI in `views`, once per registry: the static files, the screens and actions
 * of core's classes (Item, containers, properties, File, Page, mount points, the user folder,
 * the Control Panel), File's public download view, and every product screen added with
 * {@link extendZmi}. The site calls it through `installCoreViews`.
 *
 * @example
 * ```ts
 * installZmi(viewRegistry);
 * ```
 */
export function installZmi(views: ViewRegistry): void {
  if (applied.has(views)) return;
  applied.set(views, new Set());
  installedRegistries.push(new WeakRef(views));
  views.register(Application, {
    name: STATIC_VIEW,
    permission: PUBLIC_PERMISSION,
    acceptsSubpath: true,
    handler: serveStatic,
  });
  registerItemScreen(views);
  registerContentsScreen(views);
  registerAddScreens(views);
  registerRenameScreen(views);
  registerFolderActions(views);
  registerPropertiesScreen(views);
  registerFileScreens(views);
  registerFileDownload(views);
  registerPageScreens(views);
  registerMountPointScreens(views);
  registerUserFolderScreens(views);
  registerControlPanelScreen(views);
  registerSecurityScreen(views);
  for (const installer of installers) apply(views, installer);
}

/**
 * Adds a product's ZMI screens: `installer` runs for every view registry the ZMI is installed
 * in, now and later (each once), with the {@link zmiToolkit}, so a product can call this when
 * its module loads, before or after the site opens.
 *
 * @example
 * ```ts
 * extendZmi((views, zmi) => {
 *   zmi.registerManageScreen(views, Invoice, { name: 'manage_main', tab: { label: 'Edit', order: 10 },
 *     permission: VIEW_MANAGEMENT_SCREENS, handler: showInvoice });
 * });
 * ```
 */
export function extendZmi(installer: ZmiInstaller): void {
  if (typeof installer !== 'function')
    throw new TypeError('extendZmi: an installer function is required');
  if (installers.includes(installer)) return;
  installers.push(installer);
  for (const ref of installedRegistries) {
    const views = ref.deref();
    if (views !== undefined) apply(views, installer);
  }
}
