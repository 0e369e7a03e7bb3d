import type { SiteProduct } from '@zoa/core/config';
import { createTemporaryStorage } from './create-temporary-storage';
import { TemporaryContainer } from './temporary-container';

/**
 * The `@zoa/temporary-folder` product: the `temporary` storage type of the site configuration
 * and the "Temporary Folder" type (class name `TemporaryContainer`, for `containerClass`). It is
 * not addable in the ZMI: a temporary folder appears where a "Mount Point" mounts the temporary
 * database. The site itself logs a hint at startup when the mount point is still missing.
 *
 * @example
 * ```yaml
 * products: ['@zoa/temporary-folder']
 * databases:
 *   temporary:
 *     name: Temporary database (for sessions)
 *     storage: { type: temporary }
 *     mountPoint: /temp_folder
 *     containerClass: TemporaryContainer
 * ```
 */
export const product: SiteProduct = {
  name: 'temporary-folder',
  title: 'Temporary folder',
  version: '0.1.0',
  types: [
    {
      metaType: TemporaryContainer.metaType,
      class: TemporaryContainer,
      addPermission: 'Add Temporary Folders',
      addable: false,
      description:
        'A folder in RAM, recreated empty on every start (the root of a temporary database).',
      factory: (id) => new TemporaryContainer(id),
    },
  ],
  storageTypes: { temporary: createTemporaryStorage },
};
