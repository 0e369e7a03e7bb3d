import { BadRequestError, ForbiddenError } from '../errors';
import type { PublisherContext } from '../publisher/interfaces';
import { hasPermission } from '../security/has-permission';
import { registerPermission } from '../security/permission-registry';
import { DELETE_OBJECTS, MANAGE_PROPERTIES } from '../security/permission-registry';
import { MANAGER_ROLE } from '../security/roles';
import { Folder } from '../tree/folder';
import type { Item } from '../tree/item';
import { ObjectManager } from '../tree/object-manager';
import { resolvePath } from '../tree/resolve-path';
import { clearClipboard, readClipboard, writeClipboard } from './clipboard-cookie';
import { attemptAction } from './form-error';
import type { ManageScreenRegistrar } from './manage-screen';
import { registerManageScreen } from './manage-screen';
import { seeOther } from './see-other';
import { productsOf } from './zmi-site';

/** Copying objects to the clipboard (Zope's permission). Default: Manager. */
export const COPY_OR_MOVE = 'Copy or Move';

type Result = string | Record<string, unknown>;

/**
 * Registers the actions of the Contents screen on `ObjectManager`, all POST with a CSRF token
 * and answered with a 303 back to the Contents tab and a status message:
 * `manage_delObjects` (Delete objects), `manage_cutObjects` (Delete objects) and
 * `manage_copyObjects` (Copy or Move) put the selected `ids` on the `__cp` clipboard cookie,
 * `manage_pasteObjects` (the add permission of every pasted type; Delete objects for a cut)
 * and `manage_moveObjects` (`direction` up/down/top/bottom; Manage properties, ordered folders).
 *
 * @example
 * ```ts
 * registerFolderActions(viewRegistry);
 * ```
 */
export function registerFolderActions(views: ManageScreenRegistrar): void {
  registerPermission(COPY_OR_MOVE, [MANAGER_ROLE]);
  const action = (
    name: string,
    permission: string,
    handler: (ctx: PublisherContext, folder: ObjectManager) => Promise<Result>,
  ): void => {
    registerManageScreen(views, ObjectManager, { name, methods: ['POST'], permission, handler });
  };
  action('manage_delObjects', DELETE_OBJECTS, deleteObjects);
  action('manage_cutObjects', DELETE_OBJECTS, (ctx, folder) => toClipboard(ctx, folder, 'cut'));
  action('manage_copyObjects', COPY_OR_MOVE, (ctx, folder) => toClipboard(ctx, folder, 'copy'));
  action('manage_pasteObjects', COPY_OR_MOVE, pasteObjects);
  action('manage_moveObjects', MANAGE_PROPERTIES, moveObjects);
}

/** The selected ids (`ids`), at least one. */
function selectedIds(ctx: PublisherContext): string[] | undefined {
  const ids = ctx.zoa.form.getAll('ids');
  return ids.length === 0 ? undefined : ids;
}

function plural(count: number, what: string): string {
  return `${count} ${what}${count === 1 ? '' : 's'}`;
}

async function deleteObjects(ctx: PublisherContext, folder: ObjectManager): Promise<Result> {
  const ids = selectedIds(ctx);
  if (ids === undefined)
    return seeOther(ctx, folder, 'manage_main', { error: 'Select objects to delete.' });
  const outcome = await attemptAction(ctx, () => folder.delObjects(ids));
  if (!outcome.ok) return seeOther(ctx, folder, 'manage_main', { error: outcome.error });
  return seeOther(ctx, folder, 'manage_main', {
    message: `Deleted ${plural(ids.length, 'object')}.`,
  });
}

async function toClipboard(
  ctx: PublisherContext,
  folder: ObjectManager,
  op: 'cut' | 'copy',
): Promise<Result> {
  const ids = selectedIds(ctx);
  if (ids === undefined)
    return seeOther(ctx, folder, 'manage_main', { error: `Select objects to ${op}.` });
  const outcome = await attemptAction(ctx, async () => {
    const clipboard =
      op === 'cut' ? await folder.manageCutObjects(ids) : await folder.manageCopyObjects(ids);
    writeClipboard(ctx, clipboard);
  });
  if (!outcome.ok) return seeOther(ctx, folder, 'manage_main', { error: outcome.error });
  const verb = op === 'cut' ? 'cut' : 'copied';
  return seeOther(ctx, folder, 'manage_main', {
    message: `${plural(ids.length, 'object')} ${verb}; paste ${ids.length === 1 ? 'it' : 'them'} into a folder.`,
  });
}

async function pasteObjects(ctx: PublisherContext, folder: ObjectManager): Promise<Result> {
  const clipboard = readClipboard(ctx);
  if (clipboard === undefined) {
    return seeOther(ctx, folder, 'manage_main', { error: 'The clipboard is empty.' });
  }
  const root = ctx.zoa.root as Item;
  const resolve = (path: string): Promise<Item | undefined> => resolvePath(root, path);
  for (const path of clipboard.paths) await checkMayPaste(ctx, await resolve(path), clipboard.op);
  const outcome = await attemptAction(ctx, () =>
    folder.managePasteObjects(clipboard, { resolvePath: resolve }),
  );
  if (!outcome.ok) return seeOther(ctx, folder, 'manage_main', { error: outcome.error });
  if (clipboard.op === 'cut') clearClipboard(ctx);
  const moved = outcome.value.length;
  return seeOther(ctx, folder, 'manage_main', {
    message: `${clipboard.op === 'cut' ? 'Moved' : 'Pasted'} ${plural(moved, 'object')}.`,
  });
}

/** Zope's rule: pasting needs the add permission of each pasted type (and delete for a cut). */
async function checkMayPaste(
  ctx: PublisherContext,
  source: Item | undefined,
  op: 'cut' | 'copy',
): Promise<void> {
  if (source === undefined) return; // the paste reports the missing object
  const type = productsOf(ctx).typeInfo(source.metaType);
  if (type !== undefined && !hasPermission(ctx, type.addPermission)) {
    throw new ForbiddenError(`You are not allowed to add objects of the type ${source.metaType}.`);
  }
  if (op === 'cut' && !hasPermission(ctx, DELETE_OBJECTS)) {
    throw new ForbiddenError('You are not allowed to move objects.');
  }
}

async function moveObjects(ctx: PublisherContext, folder: ObjectManager): Promise<Result> {
  if (!(folder instanceof Folder)) {
    throw new BadRequestError('The objects of this folder are sorted by id and cannot be moved.');
  }
  const ids = selectedIds(ctx);
  if (ids === undefined)
    return seeOther(ctx, folder, 'manage_main', { error: 'Select objects to move.' });
  for (const id of ids) {
    if (!(await folder.has(id))) {
      return seeOther(ctx, folder, 'manage_main', { error: `The object "${id}" does not exist.` });
    }
  }
  const direction = ctx.zoa.form.getString('direction') ?? '';
  const moves = new Map<string, () => Promise<number>>([
    ['up', () => folder.moveObjectsUp(ids)],
    ['down', () => folder.moveObjectsDown(ids)],
    ['top', () => folder.moveObjectsToTop(ids)],
    ['bottom', () => folder.moveObjectsToBottom(ids)],
  ]);
  const move = moves.get(direction);
  if (move === undefined) throw new BadRequestError('Move up, down, to the top or to the bottom.');
  const moved = await move();
  return seeOther(ctx, folder, 'manage_main', {
    message:
      moved === 0
        ? 'Nothing moved.'
        : `Moved ${plural(moved, 'object')} ${direction === 'up' || direction === 'down' ? direction : `to the ${direction}`}.`,
  });
}
