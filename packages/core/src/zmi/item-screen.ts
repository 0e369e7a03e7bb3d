import { VIEW_MANAGEMENT_SCREENS } from '../security/permission-registry';
import { BrokenItem } from '../tree/broken-item';
import { Item } from '../tree/item';
import { formatSize } from './format-size';
import type { ManageScreenRegistrar } from './manage-screen';
import { registerManageScreen } from './manage-screen';
import { renderZmiPage } from './zmi-page';

/**
 * Registers the fallback screen of every tree object (`manage_main` on `Item`, tab Info): its
 * id, title, type, path and size — what a product's type shows until it registers screens of
 * its own. A broken object (its product is gone) says so and can still be deleted from its
 * folder.
 *
 * @example
 * ```ts
 * registerItemScreen(viewRegistry);
 * ```
 */
export function registerItemScreen(views: ManageScreenRegistrar): void {
  registerManageScreen(views, Item, {
    name: 'manage_main',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Info', order: 10 },
    handler: (ctx, item) =>
      renderZmiPage(ctx, item, 'zmi/item-info.njk', {
        info: {
          size: item.getSize() > 0 ? formatSize(item.getSize()) : '',
          broken: item instanceof BrokenItem,
          original: item instanceof BrokenItem ? item.original.describe() : '',
        },
      }),
  });
}
