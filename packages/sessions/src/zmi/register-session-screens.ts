import { registerBrowserIdManagerScreen } from './browser-id-manager-screen';
import { registerContainerScreens } from './container-screens';
import { registerSessionDataManagerScreens } from './session-data-manager-screens';
import type { SessionsZmiToolkit } from './zmi-toolkit';

/**
 * Registers the ZMI screens of the sessions product in a view registry: the Transient Object
 * Container's Settings and Sessions tabs, the Browser Id Manager's and the Session Data
 * Manager's settings, and the container defaults. Made to be an `extendZmi` installer: the
 * product calls `extendZmi(registerSessionScreens)` from `@zoa/core/zmi`.
 *
 * @example
 * ```ts
 * extendZmi(registerSessionScreens);
 * ```
 */
export function registerSessionScreens(views: object, zmi: SessionsZmiToolkit): void {
  registerContainerScreens(views, zmi);
  registerBrowserIdManagerScreen(views, zmi);
  registerSessionDataManagerScreens(views, zmi);
}
