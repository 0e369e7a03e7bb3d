import type { PublisherContext } from '../publisher/interfaces';
import { hasPermission } from '../security/has-permission';
import { VIEW_MANAGEMENT_SCREENS } from '../security/permission-registry';
import { BrokenMountPoint } from '../tree/broken-mount-point';
import { isMountable } from '../tree/interfaces';
import type { Item } from '../tree/item';
import { ObjectManager } from '../tree/object-manager';
import { readClipboard } from './clipboard-cookie';
import { formatSize } from './format-size';
import { iconUrlOf } from './icon-url';
import type { ManageScreenRegistrar } from './manage-screen';
import { firstManageView, registerManageScreen } from './manage-screen';
import { ADD_MOUNT_POINTS, configuresMountPoints } from './mount-point-screens';
import { STATIC_VIEW, staticVersion } from './zmi-static';
import { productsOf } from './zmi-site';
import { renderZmiPage, urlOf } from './zmi-page';

/** How many children one page of the contents screen lists. */
export const CONTENTS_PAGE_SIZE = 100;

/** One row of the contents screen. */
interface ContentsRow {
  readonly id: string;
  readonly title: string;
  readonly metaType: string;
  readonly icon: string;
  readonly url: string;
  readonly size: string;
  readonly modified: string;
  readonly reserved: boolean;
  readonly broken: boolean;
}

/**
 * Registers the Contents tab of every container (`manage_main` on `ObjectManager`): the
 * children with icon, id, title, type, size and modification time when the type has one,
 * select boxes, the add menu (every type the user may add, plus "Mount Point" when the site
 * configures databases), rename, cut, copy, paste, delete, and move up/down/top/bottom for
 * ordered folders; `?after=<id>` pages through large folders, 100 children at a time.
 *
 * @example
 * ```ts
 * registerContentsScreen(viewRegistry);
 * ```
 */
export function registerContentsScreen(views: ManageScreenRegistrar): void {
  registerManageScreen(views, ObjectManager, {
    name: 'manage_main',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Contents', order: 10 },
    handler: showContents,
  });
}

async function showContents(ctx: PublisherContext, folder: ObjectManager): Promise<string> {
  const after = ctx.zoa.query.getString('after') || undefined;
  const page = Number(ctx.zoa.query.getString('page') ?? '1');
  const pageNumber = Number.isSafeInteger(page) && page > 0 ? page : 1;
  const items = await folder.objectItems(undefined, {
    ...(after === undefined ? {} : { after }),
    limit: CONTENTS_PAGE_SIZE + 1,
  });
  const more = items.length > CONTENTS_PAGE_SIZE;
  const shown = more ? items.slice(0, CONTENTS_PAGE_SIZE) : items;
  const staticUrl = `${rootUrlOf(ctx)}/${STATIC_VIEW}/${staticVersion()}`;
  const allowed = (permission: string): boolean => hasPermission(ctx, permission);
  const rows: ContentsRow[] = [];
  for (const [id, child] of shown) rows.push(await rowOf(ctx, folder, id, child, staticUrl));
  const total = await folder.objectCount();
  const types = productsOf(ctx)
    .addableTypes({ hasPermission: allowed })
    .map((type) => ({ metaType: type.metaType, description: type.description ?? '' }));
  if (configuresMountPoints(ctx) && allowed(ADD_MOUNT_POINTS)) {
    types.push({ metaType: 'Mount Point', description: 'Mounts a configured database here.' });
    types.sort((a, b) => (a.metaType < b.metaType ? -1 : a.metaType > b.metaType ? 1 : 0));
  }
  const clipboard = readClipboard(ctx);
  const last = shown[shown.length - 1];
  return renderZmiPage(ctx, folder, 'zmi/contents.njk', {
    rows,
    types,
    total,
    first: (pageNumber - 1) * CONTENTS_PAGE_SIZE + (rows.length > 0 ? 1 : 0),
    lastShown: (pageNumber - 1) * CONTENTS_PAGE_SIZE + rows.length,
    nextQuery: more && last ? { after: last[0], page: String(pageNumber + 1) } : undefined,
    paged: after !== undefined,
    showModified: rows.some((row) => row.modified !== ''),
    orderable: folder.isOrderable,
    clipboard: clipboard ? { op: clipboard.op, count: clipboard.paths.length } : undefined,
    can: {
      delete: allowed('Delete objects'),
      copy: allowed('Copy or Move'),
      order: allowed('Manage properties'),
    },
  });
}

async function rowOf(
  ctx: PublisherContext,
  folder: ObjectManager,
  id: string,
  child: Item,
  staticUrl: string,
): Promise<ContentsRow> {
  let shown: Item = child;
  let metaType = child.metaType;
  if (isMountable(child)) {
    shown = (await child.resolveMount(folder)) as Item;
    metaType =
      shown instanceof BrokenMountPoint ? 'Broken Mount Point' : `Mount Point: ${shown.metaType}`;
  }
  const view = firstManageView(ctx, shown, (p) => hasPermission(ctx, p)) ?? 'manage_main';
  const base = urlOf(ctx, shown);
  return {
    id,
    title: child.title,
    metaType,
    icon: iconUrlOf(shown, staticUrl),
    url: `${base.endsWith('/') ? base.slice(0, -1) : base}/${view}`,
    size: shown instanceof ObjectManager ? itemsLabel(await shown.objectCount()) : sizeOf(child),
    modified: modifiedOf(child),
    reserved: folder.isReserved(id),
    broken: shown instanceof BrokenMountPoint,
  };
}

function itemsLabel(count: number): string {
  return count === 1 ? '1 item' : `${count} items`;
}

function sizeOf(child: Item): string {
  const size = child.getSize();
  return size > 0 || child.metaType === 'File' ? formatSize(size) : '';
}

/** A modification time when the object keeps one (`modified` Date or `modificationTime()`). */
function modifiedOf(child: Item): string {
  const candidate = child as unknown as { modified?: unknown; modificationTime?: unknown };
  const value =
    typeof candidate.modificationTime === 'function'
      ? (candidate.modificationTime as () => unknown).call(child)
      : candidate.modified;
  return value instanceof Date && !Number.isNaN(value.getTime())
    ? value.toISOString().slice(0, 16).replace('T', ' ')
    : '';
}

function rootUrlOf(ctx: PublisherContext): string {
  const url = urlOf(ctx, ctx.zoa.root);
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
