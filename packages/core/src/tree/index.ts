/**
 * The object tree: `Item`, `Folder`, the large `BTreeFolder`, `PropertyManager`, `Application`,
 * `File`, `Page`, id rules, events, copy / cut / paste / rename, export / import, mount points.
 *
 * @packageDocumentation
 */
export { Item, setParent } from './item';
export { isTraversable, isMountable } from './interfaces';
export type { Traversable, Mountable } from './interfaces';
export { ObjectManager } from './object-manager';
export type { SetObjectOptions, DelObjectOptions } from './object-manager';
export { collectPage, filterByMetaType, matchesMetaType } from './list-page';
export type { MetaTypeFilter, PageOptions } from './list-page';
export { Folder } from './folder';
export type { OrderKey } from './folder';
export { BTreeFolder } from './btree-folder';
export { Application } from './application';
export { File } from './file';
export type { FileOptions } from './file';
export { Page } from './page';
export type {
  PageRequestFacts,
  PageRenderContext,
  PageOptions as PageConstructorOptions,
} from './page';
export { BrokenItem } from './broken-item';
export { PropertyManager } from './property-manager';
export type { AddPropertyOptions, PropertyInput } from './property-manager';
export { PROPERTY_TYPES, coercePropertyValue, isPropertyType } from './property-types';
export type { PropertyType, PropertyValue, PropertyDefinition } from './property-types';
export { checkValidId, checkIdSyntax, isReservedName, MAX_ID_LENGTH } from './check-id';
export type { IdContainer, CheckIdOptions } from './check-id';
export { checkContentType } from './content-type';
export { checkPageSource, isForbiddenName, safeLookup } from './check-page-source';
export { BeforeDeleteError, ReservedObjectError, CopyError } from './errors';
export { ObjectEventDispatcher, objectEvents } from './object-event-dispatcher';
export type { ObjectEventListener, SubscribeOptions } from './object-event-dispatcher';
export type { ObjectEvent, ObjectEventType } from './object-event';
export { moveByDelta, moveToPosition, sortIds } from './order-support';
export {
  CLIPBOARD_COOKIE,
  MAX_CLIPBOARD_BYTES,
  encodeClipboard,
  decodeClipboard,
  isClipboard,
} from './clipboard';
export type { Clipboard, ClipboardOp } from './clipboard';
export { getCopyId, pasteObjects } from './copy-support';
export type { PasteOptions, PasteResult } from './copy-support';
export { resolvePath } from './resolve-path';
export { cloneObject } from './clone-object';
export { exportObject } from './export-object';
export { importObject } from './import-object';
export type { ImportOptions } from './import-object';
export { collectRecords, materializeRecords } from './subtree-records';
export type { ZexpDocument, ZexpRecord } from './subtree-records';
export { MountPoint } from './mount-point';
export { BrokenMountPoint } from './broken-mount-point';
