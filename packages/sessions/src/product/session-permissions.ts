import { ANONYMOUS_ROLE, MANAGER_ROLE, registerPermission } from '@zoa/core';

/** Adding a Transient Object Container. */
export const ADD_TRANSIENT_OBJECT_CONTAINERS = 'Add Transient Object Containers';
/** Adding a Browser Id Manager. */
export const ADD_BROWSER_ID_MANAGERS = 'Add Browser Id Managers';
/** Adding a Session Data Manager. */
export const ADD_SESSION_DATA_MANAGERS = 'Add Session Data Managers';
/** Changing a container's settings (the ZMI). */
export const CHANGE_TRANSIENT_OBJECT_CONTAINERS = 'Change Transient Object Containers';
/** Changing the browser id manager's settings (the ZMI). */
export const CHANGE_BROWSER_ID_MANAGERS = 'Change Browser Id Managers';
/** Changing the session data manager's settings (the ZMI). */
export const CHANGE_SESSION_DATA_MANAGERS = 'Change Session Data Managers';
/** Using one's own session (Zope's default: everyone). */
export const ACCESS_SESSION_DATA = 'Access session data';
/** Reading any visitor's session by its key (`getSessionDataByKey`, `clearSessionData`). */
export const ACCESS_ARBITRARY_SESSION_DATA = 'Access arbitrary user session data';

/**
 * Registers the sessions permissions with Zope's default roles: everyone may use their own
 * session; everything else is for managers.
 */
export function registerSessionPermissions(): void {
  for (const name of [
    ADD_TRANSIENT_OBJECT_CONTAINERS,
    ADD_BROWSER_ID_MANAGERS,
    ADD_SESSION_DATA_MANAGERS,
    CHANGE_TRANSIENT_OBJECT_CONTAINERS,
    CHANGE_BROWSER_ID_MANAGERS,
    CHANGE_SESSION_DATA_MANAGERS,
    ACCESS_ARBITRARY_SESSION_DATA,
  ]) {
    registerPermission(name, [MANAGER_ROLE]);
  }
  registerPermission(ACCESS_SESSION_DATA, [ANONYMOUS_ROLE, MANAGER_ROLE]);
}
