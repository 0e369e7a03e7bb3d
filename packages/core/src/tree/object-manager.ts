import { BadRequestError } from '../errors';
import type { Persistent } from '../persistence/persistent';
import { BrokenItem } from './broken-item';
import { collectPage, filterByMetaType } from './list-page';
import type { MetaTypeFilter, PageOptions } from './list-page';
import { checkValidId } from './check-id';
import type { Clipboard } from './clipboard';
import { copyObjects, pasteObjects } from './copy-support';
import type { PasteOptions, PasteResult } from './copy-support';
import { escapeHtml } from '../errors/escape-html';
import { CopyError, ReservedObjectError } from './errors';
import type { Traversable } from './interfaces';
import { isMountable } from './interfaces';
import { Item, setParent } from './item';
import { objectEvents } from './object-event-dispatcher';
import { PropertyManager } from './property-manager';

/** Options of {@link ObjectManager.setObject}. */
export interface SetObjectOptions {
  /** Send no events (for internal moves and repairs). */
  suppressEvents?: boolean;
}

/** Options of {@link ObjectManager.delObject}. */
export interface DelObjectOptions {
  /** Delete even a reserved object (product uninstall, repairs). */
  force?: boolean;
}

/**
 * A container of tree objects (Zope's `ObjectManager`), the common base of `Folder` (ordered,
 * children in one record) and `BTreeFolder` (a large folder on a B-tree). Children live in a
 * Map-like store, never as properties: they are found with {@link get}, so no child can clash
 * with a method and `__proto__` or `constructor` are never children. Operations that load are
 * async; children are handed out activated, with their parent link set.
 *
 * Subclasses implement the storage primitives (`_getOb`, `_setOb`, `_delOb`, `_renameOb`,
 * `_keys`, `_entries`, `objectCount`); everything else is written on top of them.
 */
export abstract class ObjectManager extends PropertyManager implements Traversable {
  static override readonly metaType: string = 'Object Manager';
  /** Ids of children every instance protects from delete, cut and rename (see {@link isReserved}). */
  static readonly reservedNames: readonly string[] = [];

  /** Ids this instance protects in addition to the class's {@link reservedNames}. */
  private _reservedNames?: string[];

  /**
   * The stored child (possibly a ghost), or undefined; a container whose children are in memory
   * may answer without a promise. @internal
   */
  abstract _getOb(id: string): Persistent | undefined | Promise<Persistent | undefined>;
  /** Stores `obj` under `id` (new id). @internal */
  abstract _setOb(id: string, obj: Item): Promise<void>;
  /** Removes the child `id`. @internal */
  abstract _delOb(id: string): Promise<void>;
  /** Stores the child `oldId` under `newId` (in place for ordered folders). @internal */
  abstract _renameOb(oldId: string, newId: string, obj: Item): Promise<void>;
  /** The child ids in order, after `after` when given. @internal */
  abstract _keys(after?: string): AsyncIterable<string>;
  /** The stored children in order (values possibly ghosts), after `after` when given. @internal */
  abstract _entries(after?: string): AsyncIterable<[string, Persistent]>;
  /** How many children there are. */
  abstract objectCount(): Promise<number>;

  override get isFolderish(): boolean {
    return true;
  }

  /** True when children can be reordered (see `Folder`'s move methods). */
  get isOrderable(): boolean {
    return false;
  }

  /** The child `id`, activated and with its parent link set, or undefined. */
  async get(id: string): Promise<Item | undefined> {
    return this.getLoaded(id);
  }

  /** True when a child has this id. */
  async has(id: string): Promise<boolean> {
    await this.activate();
    return (await this._getOb(id)) !== undefined;
  }

  /**
   * Traversal (see `Traversable`): the child `name`, or undefined. Mount hook: when the child has
   * an async `resolveMount(parent)` method (a mount point), its result — the mounted database's
   * root container — is returned instead of the stored child.
   */
  publishTraverse(name: string): object | undefined | Promise<object | undefined> {
    const child = this.getLoaded(name);
    return child instanceof Promise
      ? child.then((loaded) => this.traversed(loaded))
      : this.traversed(child);
  }

  private traversed(child: Item | undefined): object | undefined | Promise<object> {
    return child && isMountable(child) ? child.resolveMount(this) : child;
  }

  /** The children's ids, optionally only those of some meta types, optionally one page. */
  async objectIds(metaType?: MetaTypeFilter, page: PageOptions = {}): Promise<string[]> {
    await this.activate();
    if (metaType === undefined) return collectPage(this._keys(page.after), page);
    return (await this.page(metaType, page)).map(([id]) => id);
  }

  /** The children, activated, optionally only those of some meta types, optionally one page. */
  async objectValues(metaType?: MetaTypeFilter, page: PageOptions = {}): Promise<Item[]> {
    const values: Item[] = [];
    for (const [id, raw] of await this.page(metaType, page))
      values.push(await this.handOut(id, raw));
    return values;
  }

  /** `[id, child]` pairs, like {@link objectValues}. */
  async objectItems(metaType?: MetaTypeFilter, page: PageOptions = {}): Promise<[string, Item][]> {
    const items: [string, Item][] = [];
    for (const [id, raw] of await this.page(metaType, page))
      items.push([id, await this.handOut(id, raw)]);
    return items;
  }

  override async *sublocations(): AsyncGenerator<Item, void, undefined> {
    await this.activate();
    for await (const [id, raw] of this._entries()) yield this.handOut(id, raw);
  }

  /**
   * Adds `obj` under `id` (Zope's `_setObject`) after checking the id rules; sets `obj.id`.
   * Sends `will-add` and `added` to the new subtree and `container-modified` to this container.
   *
   * @throws BadRequestError for a bad or taken id; CopyError when `obj` is already in another
   * container or is this container or one of its ancestors.
   */
  async setObject<T extends Item>(id: string, obj: T, options: SetObjectOptions = {}): Promise<T> {
    await this.activate();
    await checkValidId(this, id);
    for (let node: Item | undefined = this; node; node = node.__parent__) {
      if (node === obj)
        throw new CopyError('An object cannot be added into itself or its descendants.');
    }
    if (obj.__parent__ && obj.__parent__ !== this) {
      throw new CopyError(
        `The object is already in ${escapeHtml(obj.__parent__.getPath())}; use cut and paste to move it.`,
      );
    }
    const event = { object: obj, newParent: this, newName: id };
    if (!options.suppressEvents)
      await objectEvents.dispatchToSubtree({ type: 'will-add', ...event });
    if (obj.id !== id) {
      obj.id = id;
      obj.markChanged();
    }
    await this._setOb(id, obj);
    setParent(obj, this);
    if (!options.suppressEvents) {
      await objectEvents.dispatchToSubtree({ type: 'added', ...event });
      await this.containerModified();
    }
    return obj;
  }

  /** Deletes one child; see {@link delObjects}. */
  async delObject(id: string, options: DelObjectOptions = {}): Promise<void> {
    await this.delObjects([id], options);
  }

  /**
   * Deletes children (Zope's `manage_delObjects`). Every id is checked first, then `will-remove`
   * goes to every subtree (a hook or listener throwing — a `BeforeDeleteError` — vetoes it and
   * nothing is removed), then the children are removed and `removed` sent.
   *
   * @throws BadRequestError for a missing id; ReservedObjectError for a reserved one.
   */
  async delObjects(ids: readonly string[], options: DelObjectOptions = {}): Promise<void> {
    const doomed = await this.existing(ids, options.force ? undefined : 'deleted');
    const events = doomed.map((obj) => ({ object: obj, oldParent: this, oldName: obj.id }));
    for (const event of events)
      await objectEvents.dispatchToSubtree({ type: 'will-remove', ...event });
    for (const obj of doomed) await this._delOb(obj.id);
    for (const event of events) await objectEvents.dispatchToSubtree({ type: 'removed', ...event });
    for (const obj of doomed) setParent(obj, undefined);
    if (doomed.length > 0) await this.containerModified();
  }

  /**
   * Renames a child (Zope's `manage_renameObject`), keeping its place in an ordered folder.
   * Sends `will-move` / `moved`. Renaming to the same id does nothing.
   *
   * @throws BadRequestError for a missing child or a bad new id; ReservedObjectError.
   */
  async renameObject(oldId: string, newId: string): Promise<Item> {
    const [obj] = await this.existing([oldId], 'renamed');
    if (!obj || oldId === newId) return obj as Item;
    await checkValidId(this, newId);
    const event = { object: obj, oldParent: this, oldName: oldId, newParent: this, newName: newId };
    await objectEvents.dispatchToSubtree({ type: 'will-move', ...event });
    await this._renameOb(oldId, newId, obj);
    obj.id = newId;
    obj.markChanged();
    await objectEvents.dispatchToSubtree({ type: 'moved', ...event });
    await this.containerModified();
    return obj;
  }

  /** A clipboard value to copy these children (Zope's `manage_copyObjects`). */
  async manageCopyObjects(ids: readonly string[]): Promise<Clipboard> {
    return copyObjects(this, await this.existing(ids), 'copy');
  }

  /**
   * A clipboard value to move these children (Zope's `manage_cutObjects`).
   *
   * @throws ReservedObjectError when one of them is reserved.
   */
  async manageCutObjects(ids: readonly string[]): Promise<Clipboard> {
    return copyObjects(this, await this.existing(ids, 'cut'), 'cut');
  }

  /** Pastes a clipboard here (Zope's `manage_pasteObjects`); see `pasteObjects`. */
  async managePasteObjects(
    clipboard: Clipboard | string,
    options: PasteOptions = {},
  ): Promise<PasteResult[]> {
    await this.activate();
    return pasteObjects(this, clipboard, options);
  }

  /** True when the child id `id` is protected from delete, cut and rename. */
  isReserved(id: string): boolean {
    const own = (this.constructor as typeof ObjectManager).reservedNames;
    return own.includes(id) || (this._reservedNames ?? []).includes(id);
  }

  /** Protects the child id `id` (it need not exist yet), e.g. a product's `session_data_manager`. */
  reserveName(id: string): void {
    if (this.isReserved(id)) return;
    this._reservedNames = [...(this._reservedNames ?? []), id];
    this.markChanged();
  }

  /** Lifts a protection added with {@link reserveName} (the class's own stay). */
  releaseName(id: string): void {
    if (!(this._reservedNames ?? []).includes(id)) return;
    this._reservedNames = (this._reservedNames ?? []).filter((name) => name !== id);
    this.markChanged();
  }

  /** Sends `container-modified` to this container. @internal */
  async containerModified(): Promise<void> {
    await objectEvents.notify(this, { type: 'container-modified', object: this });
  }

  /** The children `ids`, each existing, none twice, none reserved when `action` is given. */
  private async existing(ids: readonly string[], action?: string): Promise<Item[]> {
    const found: Item[] = [];
    for (const id of new Set(ids)) {
      const obj = await this.get(id);
      if (!obj) throw new BadRequestError(`The object "${escapeHtml(id)}" does not exist.`);
      if (action && this.isReserved(id)) {
        throw new ReservedObjectError(
          `The object "${escapeHtml(id)}" is reserved and cannot be ${action}.`,
        );
      }
      found.push(obj);
    }
    return found;
  }

  private async page(
    metaType: MetaTypeFilter | undefined,
    page: PageOptions,
  ): Promise<[string, Persistent][]> {
    await this.activate();
    return collectPage(filterByMetaType(this._entries(page.after), metaType), page);
  }

  /** Activates a stored child and sets its parent link; wraps what is not a tree object. */
  /** The child as handed out: activated, its parent link set. */
  private async handOut(id: string, raw: Persistent): Promise<Item> {
    if (raw instanceof Item) await raw.activate();
    return this.linkChild(id, raw);
  }

  /**
   * {@link get} without a promise when nothing has to be loaded (this container and the child
   * are active, the child store answers synchronously): traversal calls it once per URL segment.
   */
  private getLoaded(id: string): Item | undefined | Promise<Item | undefined> {
    if (this._p_status === 'ghost') return this.activate().then(() => this.getLoaded(id));
    const found = this._getOb(id);
    if (found instanceof Promise) {
      return found.then((raw) => (raw === undefined ? undefined : this.handOut(id, raw)));
    }
    if (found === undefined) return undefined;
    if (found instanceof Item && found._p_status === 'ghost') return this.handOut(id, found);
    return this.linkChild(id, found);
  }

  /** An activated child with its parent link set (a non-item is wrapped as broken). */
  private linkChild(id: string, raw: Persistent): Item {
    const obj = raw instanceof Item ? raw : new BrokenItem(id, raw);
    setParent(obj, this);
    return obj;
  }
}
