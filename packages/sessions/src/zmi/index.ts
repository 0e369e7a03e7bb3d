/**
 * The sessions product's ZMI screens (see {@link registerSessionScreens}).
 *
 * @packageDocumentation
 */
export { registerSessionScreens } from './register-session-screens';
export {
  registerContainerScreens,
  itemCountText,
  formatTime,
  SESSIONS_PAGE_SIZE,
} from './container-screens';
export { registerBrowserIdManagerScreen } from './browser-id-manager-screen';
export { registerSessionDataManagerScreens } from './session-data-manager-screens';
export { displayKey } from '../browser-id/display-key';
export type { SessionsZmiToolkit, ZmiActionOutcome, ZmiPageOptions } from './zmi-toolkit';
