/**
 * Security: users and roles in the root's user folder, permissions, the authorizer the
 * publisher asks, the login cookie and HTTP Basic, CSRF tokens, login throttling and the
 * management headers.
 *
 * @packageDocumentation
 */
export type { Clock } from './clock';
export { systemClock } from './clock';
export {
  ANONYMOUS_ROLE,
  AUTHENTICATED_ROLE,
  MANAGER_ROLE,
  OWNER_ROLE,
  BUILTIN_ROLES,
  AUTOMATIC_ROLES,
  isAssignableRole,
} from './roles';
export {
  PermissionRegistry,
  permissionRegistry,
  registerPermission,
  PUBLIC_PERMISSION,
  ACCESS_CONTENTS_INFORMATION,
  VIEW_MANAGEMENT_SCREENS,
  MANAGE_USERS,
  MANAGE_PROPERTIES,
  DELETE_OBJECTS,
} from './permission-registry';
export {
  hashPassword,
  verifyPassword,
  needsRehash,
  parsePasswordHash,
  formatPasswordHash,
  dummyPasswordHash,
  checkScryptParameters,
  scryptMemory,
  OWASP_SCRYPT_PARAMETERS,
  MAX_PASSWORD_LENGTH,
} from './password-hash';
export type { ScryptParameters, ParsedPasswordHash } from './password-hash';
export {
  checkUserName,
  checkPassword,
  MAX_USER_NAME_LENGTH,
  MIN_PASSWORD_LENGTH,
} from './check-user-name';
export { User } from './user';
export type { UserData } from './user';
export { UserFolder, USER_FOLDER_ID } from './user-folder';
export type { UserFolderOptions, AddUserOptions } from './user-folder';
export { ensureManager, findUserFolder, generatePassword } from './ensure-manager';
export type {
  EnsureManagerOptions,
  EnsureManagerResult,
  UserFolderContainer,
} from './ensure-manager';
export { TooManyRequestsError } from './too-many-requests-error';
export { LoginThrottle } from './login-throttle';
export type { LoginThrottleOptions } from './login-throttle';
export { createSigner, encodeLoginTicket, decodeLoginTicket } from './login-ticket';
export type { LoginTicket } from './login-ticket';
export { parseBasicCredentials } from './basic-credentials';
export type { BasicCredentials } from './basic-credentials';
export { safeRedirectPath } from './safe-redirect-path';
export { setManagementHeaders, MANAGEMENT_HEADERS } from './management-headers';
export type { HeaderTarget } from './management-headers';
export { LoginHooks, loginHooks, onLogin, onLogout } from './login-hooks';
export type { LoginListener } from './login-hooks';
export { resolveSecurityOptions } from './security-options';
export type {
  SecurityPolicyOptions,
  ResolvedSecurityOptions,
  LocalRoles,
} from './security-options';
export { principalOf, findRequestSecurity, requestSecurityOf } from './request-security';
export type { Principal, RequestSecurity } from './request-security';
export { LoginCookies } from './login-cookies';
export type { CookieContext } from './login-cookies';
export { SecurityPolicy, createAuthorizer } from './security-policy';
export { hasPermission } from './has-permission';
export { csrfToken, checkCsrf, requireCsrf, CSRF_FIELD, CSRF_HEADER } from './csrf';
export { renderLoginPage } from './login-page';
export type { LoginPageOptions } from './login-page';
export {
  registerSecurityViews,
  showLoginPage,
  LOGIN_FORM_VIEW,
  LOGIN_VIEW,
  LOGOUT_VIEW,
} from './security-views';
export type { ViewRegistrar } from './security-views';
export { loginErrorRenderer } from './login-error-renderer';
export type { HtmlErrorRenderer } from './login-error-renderer';
