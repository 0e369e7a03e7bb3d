import { attemptAction, messageText } from './form-error';
import { formWidget } from './form-widget';
import { registerIcon } from './icon-url';
import { registerManageScreen } from './manage-screen';
import { seeOther } from './see-other';
import { renderZmiPage, urlOf } from './zmi-page';
import { zmiTemplates } from './zmi-templates';

/**
 * What a product needs to build its ZMI screens, in one object: products get it as the second
 * argument of their `extendZmi` installer, so their screens depend on this shape rather than on
 * the ZMI's modules.
 *
 * @example
 * ```ts
 * extendZmi((views, zmi) => {
 *   zmi.addTemplate('shop/invoice.njk', '{% extends "zmi/layout.njk" %}...');
 *   zmi.registerManageScreen(views, Invoice, { name: 'manage_main', permission, handler });
 * });
 * ```
 */
export const zmiToolkit = Object.freeze({
  registerManageScreen,
  renderZmiPage,
  seeOther,
  attemptAction,
  messageText,
  formWidget,
  urlOf,
  registerIcon,
  /** Adds a template from its source (see `ZmiTemplates.addSource`). */
  addTemplate(name: string, source: string): void {
    zmiTemplates.addSource(name, source);
  },
  /** Adds a folder of template files (see `ZmiTemplates.addFolder`). */
  addTemplateFolder(folder: string): void {
    zmiTemplates.addFolder(folder);
  },
});

/** The type of {@link zmiToolkit}. */
export type ZmiToolkit = typeof zmiToolkit;
