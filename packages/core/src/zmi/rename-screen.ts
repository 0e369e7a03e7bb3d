import { BadRequestError } from '../errors';
import type { PublisherContext } from '../publisher/interfaces';
import { DELETE_OBJECTS } from '../security/permission-registry';
import { ObjectManager } from '../tree/object-manager';
import { attemptAction } from './form-error';
import type { ManageScreenRegistrar } from './manage-screen';
import { registerManageScreen } from './manage-screen';
import { seeOther } from './see-other';
import { renderZmiPage } from './zmi-page';

/**
 * Registers renaming on `ObjectManager`: `manage_renameForm` (GET with `?ids=`, or POST from
 * the Contents screen's Rename button) lists the selected ids with a field for each new id;
 * `manage_renameObjects` (POST, `ids` and `new_ids` in the same order; Delete objects, as in
 * Zope) renames them all or, when one is refused, none, and shows the form again with the
 * message.
 *
 * @example
 * ```ts
 * registerRenameScreen(viewRegistry);
 * ```
 */
export function registerRenameScreen(views: ManageScreenRegistrar): void {
  registerManageScreen(views, ObjectManager, {
    name: 'manage_renameForm',
    methods: ['GET', 'POST'],
    permission: DELETE_OBJECTS,
    handler: async (ctx, folder) => {
      const form = ctx.method === 'POST' ? ctx.zoa.form : ctx.zoa.query;
      const ids = form.getAll('ids');
      if (ids.length === 0) {
        return seeOther(ctx, folder, 'manage_main', { error: 'Select objects to rename.' });
      }
      return showForm(ctx, folder, ids, ids);
    },
  });
  registerManageScreen(views, ObjectManager, {
    name: 'manage_renameObjects',
    methods: ['POST'],
    permission: DELETE_OBJECTS,
    handler: renameObjects,
  });
}

function showForm(
  ctx: PublisherContext,
  folder: ObjectManager,
  ids: readonly string[],
  newIds: readonly string[],
  error?: { message: string; status: number },
): Promise<string> {
  const rows = ids.map((id, i) => ({ id, newId: newIds[i] ?? id }));
  return renderZmiPage(
    ctx,
    folder,
    'zmi/rename.njk',
    { rows },
    {
      tab: 'manage_main',
      title: 'Rename',
      ...(error === undefined ? {} : { error: error.message, status: error.status }),
    },
  );
}

async function renameObjects(
  ctx: PublisherContext,
  folder: ObjectManager,
): Promise<string | Record<string, unknown>> {
  const ids = ctx.zoa.form.getAll('ids');
  const newIds = ctx.zoa.form.getAll('new_ids').map((id) => id.trim());
  if (ids.length === 0 || ids.length !== newIds.length) {
    throw new BadRequestError('Give one new id for each object to rename.');
  }
  const outcome = await attemptAction(ctx, async () => {
    let renamed = 0;
    for (const [i, id] of ids.entries()) {
      const newId = newIds[i] as string;
      if (newId === id) continue;
      await folder.renameObject(id, newId);
      renamed += 1;
    }
    return renamed;
  });
  if (!outcome.ok) {
    return showForm(ctx, folder, ids, newIds, { message: outcome.error, status: outcome.status });
  }
  const count = outcome.value;
  return seeOther(ctx, folder, 'manage_main', {
    message:
      count === 0 ? 'Nothing was renamed.' : `Renamed ${count} object${count === 1 ? '' : 's'}.`,
  });
}
