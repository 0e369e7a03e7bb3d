import { BrowserIdManager } from '../browser-id/browser-id-manager';
import { SessionDataManager } from '../session-data/session-data-manager';
import { TransientObjectContainer } from '../transience/transient-object-container';
import { registerBrowserIdManagerScreen } from './browser-id-manager-screen';
import { registerContainerScreens } from './container-screens';
import { registerSessionDataManagerScreens } from './session-data-manager-screens';
import type { SessionsZmiToolkit } from './zmi-toolkit';

/**
 * Registers the ZMI screens of the sessions product in a view registry: the Transient Object
 * Container's Settings and Sessions tabs, the Browser Id Manager's and the Session Data
 * Manager's settings, and the container defaults; the three types get the session icon. Made to be an `extendZmi` installer: the
 * product calls `extendZmi(registerSessionScreens)` from `@zoa/core/zmi`.
 *
 * @example
 * ```ts
 * extendZmi(registerSessionScreens);
 * ```
 */
export function registerSessionScreens(views: object, zmi: SessionsZmiToolkit): void {
  for (const cls of [TransientObjectContainer, BrowserIdManager, SessionDataManager]) {
    zmi.registerIcon(cls.metaType, 'session.svg');
  }
  registerContainerScreens(views, zmi);
  registerBrowserIdManagerScreen(views, zmi);
  registerSessionDataManagerScreens(views, zmi);
}
