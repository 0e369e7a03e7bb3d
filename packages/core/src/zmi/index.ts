/**
 * The ZMI: server-rendered management screens (nunjucks, autoescaped) registered as `manage_*`
 * views of the tree's classes, behind the management permissions, with CSRF-checked POST
 * actions and the management headers on every response. Products add screens and tabs with
 * `registerManageScreen` inside `extendZmi`.
 *
 * @packageDocumentation
 */
export { installZmi, extendZmi } from './install-zmi';
export type { ZmiInstaller } from './install-zmi';
export { zmiToolkit } from './zmi-toolkit';
export type { ZmiToolkit } from './zmi-toolkit';
export { registerManageScreen, manageTabsOf, firstManageView } from './manage-screen';
export type {
  ManageTab,
  ManageTabLink,
  ManageScreenOptions,
  ManageScreenRegistrar,
} from './manage-screen';
export {
  renderZmiPage,
  zmiLayoutData,
  urlOf,
  MESSAGE_PARAM,
  ERROR_PARAM,
  ZMI_CSP,
} from './zmi-page';
export type { ZmiPageOptions, Breadcrumb } from './zmi-page';
export { seeOther } from './see-other';
export { zmiErrorRenderer } from './zmi-error-renderer';
export type { ZmiHtmlErrorRenderer } from './zmi-error-renderer';
export type { SeeOtherOptions } from './see-other';
export { attemptAction, rollbackChanges, messageText } from './form-error';
export type { ActionOutcome } from './form-error';
export { zmiTemplates, ZmiTemplates, CORE_TEMPLATES_DIR } from './zmi-templates';
export { serveStatic, staticVersion, hasStaticFile, STATIC_VIEW } from './zmi-static';
export { iconUrlOf, registerIcon } from './icon-url';
export { formWidget } from './form-widget';
export type { FormWidget, FormWidgetOptions } from './form-widget';
export { formatSize } from './format-size';
export { uploadedFile } from './uploaded-file';
export type { UploadedFile } from './uploaded-file';
export { requireManagerRole } from './require-manager-role';
export { zmiSiteOf, productsOf } from './zmi-site';
export type { ZmiSite, ZmiDatabaseConfig } from './zmi-site';
export { readClipboard, writeClipboard, clearClipboard } from './clipboard-cookie';
export { sendFile, isInlineType, contentDisposition, INLINE_IMAGE_TYPES } from './file-download';
export { CONTENTS_PAGE_SIZE } from './contents-screen';
export { COPY_OR_MOVE } from './folder-actions';
export { CHANGE_FILES } from './file-screens';
export { CHANGE_PAGES } from './page-screens';
export { ADD_MOUNT_POINTS, mountPointsOf, configuresMountPoints } from './mount-point-screens';
export { MANAGE_DATABASES } from './control-panel-screen';
export { registerSecurityScreen } from './security-screen';
export { MOUNT_POINT_TYPE } from './add-screens';
