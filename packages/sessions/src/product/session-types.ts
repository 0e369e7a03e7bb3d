import type { AddFormField, AddFormValues, TypeRegistration } from '@zoa/core';
import { BrowserIdManager } from '../browser-id/browser-id-manager';
import type { BrowserIdNamespace, BrowserIdSettings } from '../browser-id/browser-id-settings';
import { DEFAULT_BROWSER_ID_SETTINGS } from '../browser-id/browser-id-settings';
import {
  DEFAULT_CONTAINER_PATH,
  DEFAULT_REQUEST_NAME,
  SessionDataManager,
} from '../session-data/session-data-manager';
import { TransientObjectContainer } from '../transience/transient-object-container';
import {
  ADD_BROWSER_ID_MANAGERS,
  ADD_SESSION_DATA_MANAGERS,
  ADD_TRANSIENT_OBJECT_CONTAINERS,
} from './session-permissions';

const text = (fields: AddFormValues, name: string, fallback = ''): string => {
  const value = fields[name];
  return typeof value === 'string' ? value : fallback;
};
const int = (fields: AddFormValues, name: string, fallback: number): number => {
  const value = fields[name];
  return typeof value === 'number' ? value : fallback;
};
const titleField: AddFormField = { name: 'title', label: 'Title', type: 'string', default: '' };

const containerType = {
  metaType: TransientObjectContainer.metaType,
  class: TransientObjectContainer,
  addPermission: ADD_TRANSIENT_OBJECT_CONTAINERS,
  description: 'Items that expire after a time without access (session data).',
  addFormFields: [
    titleField,
    { name: 'timeoutMinutes', label: 'Data object timeout (minutes)', type: 'int', default: 20 },
    { name: 'periodSeconds', label: 'Timeout resolution (seconds)', type: 'int', default: 20 },
    {
      name: 'absoluteTimeoutMinutes',
      label: 'Absolute timeout from creation (minutes, 0: none)',
      type: 'int',
      default: 0,
    },
    { name: 'limit', label: 'Maximum number of subobjects', type: 'int', default: 1000 },
    { name: 'addNotification', label: 'Script to call on object addition', type: 'string' },
    { name: 'delNotification', label: 'Script to call on object deletion', type: 'string' },
  ] satisfies AddFormField[],
  factory: (id: string, fields: AddFormValues) =>
    new TransientObjectContainer(id, {
      title: text(fields, 'title'),
      timeoutMinutes: int(fields, 'timeoutMinutes', 20),
      periodSeconds: int(fields, 'periodSeconds', 20),
      absoluteTimeoutMinutes: int(fields, 'absoluteTimeoutMinutes', 0),
      limit: int(fields, 'limit', 1000),
      addNotification: text(fields, 'addNotification') || null,
      delNotification: text(fields, 'delNotification') || null,
    }),
};

const d = DEFAULT_BROWSER_ID_SETTINGS;
const browserIdManagerType = {
  metaType: BrowserIdManager.metaType,
  class: BrowserIdManager,
  addPermission: ADD_BROWSER_ID_MANAGERS,
  description: 'Finds or issues browser ids (one per site, at /browser_id_manager).',
  addFormFields: [
    titleField,
    { name: 'name', label: 'Browser id name', type: 'string', default: d.name },
    {
      name: 'namespaces',
      label: 'Look for browser id in (in order)',
      type: 'tokens',
      default: [...d.namespaces],
    },
    { name: 'cookiePath', label: 'Cookie path', type: 'string', default: d.cookiePath },
    { name: 'cookieDomain', label: 'Cookie domain', type: 'string', default: d.cookieDomain },
    { name: 'cookieLifeDays', label: 'Cookie lifespan (days)', type: 'int', default: 0 },
    {
      name: 'cookieSecure',
      label: 'Secure cookie',
      type: 'selection',
      options: ['auto', 'always'],
      default: d.cookieSecure,
    },
    // Security switches are selections, not checkboxes: an absent checkbox means "off", and a
    // manager made without its form fields must keep the secure defaults.
    {
      name: 'cookieHttpOnly',
      label: 'HttpOnly cookie',
      type: 'selection',
      options: ['on', 'off'],
      default: 'on',
    },
    {
      name: 'cookieSameSite',
      label: 'SameSite',
      type: 'selection',
      options: ['Lax', 'Strict', 'None'],
      default: d.cookieSameSite,
    },
    { name: 'autoUrlEncoding', label: 'Automatically encode ids in URLs', type: 'boolean' },
    {
      name: 'strict',
      label: 'Strict browser ids',
      type: 'selection',
      options: ['on', 'off'],
      default: 'on',
    },
  ] satisfies AddFormField[],
  factory: (_id: string, fields: AddFormValues) => {
    const settings: Partial<BrowserIdSettings> = {
      name: text(fields, 'name', d.name),
      namespaces: (fields.namespaces ?? d.namespaces) as BrowserIdNamespace[],
      cookiePath: text(fields, 'cookiePath', d.cookiePath),
      cookieDomain: text(fields, 'cookieDomain'),
      cookieLifeDays: int(fields, 'cookieLifeDays', 0),
      cookieSecure: text(
        fields,
        'cookieSecure',
        d.cookieSecure,
      ) as BrowserIdSettings['cookieSecure'],
      cookieHttpOnly: fields.cookieHttpOnly !== 'off',
      cookieSameSite: text(fields, 'cookieSameSite', 'Lax') as BrowserIdSettings['cookieSameSite'],
      autoUrlEncoding: fields.autoUrlEncoding === true,
      strict: fields.strict !== 'off',
    };
    return new BrowserIdManager({ title: text(fields, 'title'), ...settings });
  },
};

const sessionDataManagerType = {
  metaType: SessionDataManager.metaType,
  class: SessionDataManager,
  addPermission: ADD_SESSION_DATA_MANAGERS,
  description: 'Hands requests their session data (one per site, at /session_data_manager).',
  addFormFields: [
    titleField,
    {
      name: 'containerPath',
      label: 'Transient object container path',
      type: 'string',
      default: DEFAULT_CONTAINER_PATH,
    },
    {
      name: 'requestName',
      label: 'Place SESSION in REQUEST object as',
      type: 'string',
      default: DEFAULT_REQUEST_NAME,
    },
  ] satisfies AddFormField[],
  factory: (id: string, fields: AddFormValues) =>
    new SessionDataManager(id, {
      title: text(fields, 'title'),
      containerPath: text(fields, 'containerPath', DEFAULT_CONTAINER_PATH),
      requestName: text(fields, 'requestName', DEFAULT_REQUEST_NAME),
    }),
};

/**
 * The types the sessions product registers, with their add forms (Zope's fields and defaults;
 * the container's form pre-fills a limit of 1000, as Zope's does).
 *
 * @example
 * ```ts
 * await registry.addObject(folder, 'Transient Object Container', 'carts', { timeoutMinutes: '60' });
 * ```
 */
export const sessionTypes: readonly TypeRegistration[] = [
  containerType,
  browserIdManagerType,
  sessionDataManagerType,
];
