import { Application } from '../tree/application';
import { BTreeFolder } from '../tree/btree-folder';
import { File } from '../tree/file';
import { Folder } from '../tree/folder';
import { Page } from '../tree/page';
import type { AddFormField, AddFormValues, ProductDefinition } from './interfaces';
import { ProductRegistry } from './product-registry';

const titleField: AddFormField = { name: 'title', label: 'Title', type: 'string', default: '' };

function text(fields: AddFormValues, name: string): string {
  const value = fields[name];
  return typeof value === 'string' ? value : '';
}

/**
 * The built-in product `core`: Folder, BTreeFolder (large folder), File and Page, plus the
 * Application root (registered, not addable). It registers through the same mechanism as any
 * other product.
 */
export const coreProduct: ProductDefinition = {
  name: 'core',
  title: 'Zoa core types',
  types: [
    {
      metaType: Folder.metaType,
      class: Folder,
      addPermission: 'Add Folders',
      description: 'An ordered folder, for up to a few hundred objects.',
      addFormFields: [titleField],
      factory: (id, fields) => new Folder(id, text(fields, 'title')),
    },
    {
      metaType: BTreeFolder.metaType,
      class: BTreeFolder,
      addPermission: 'Add Folders',
      description: 'A large folder on a B-tree, sorted by id, for many thousands of objects.',
      addFormFields: [titleField],
      factory: (id, fields) => new BTreeFolder(id, text(fields, 'title')),
    },
    {
      metaType: File.metaType,
      class: File,
      addPermission: 'Add Files',
      description: 'Binary content with a content type, such as an image or a PDF.',
      addFormFields: [
        titleField,
        { name: 'file', label: 'File', type: 'file', default: Buffer.alloc(0) },
        {
          name: 'contentType',
          label: 'Content type',
          type: 'string',
          default: 'application/octet-stream',
        },
      ],
      factory: (id, fields) => {
        const data = fields.file;
        return new File(id, Buffer.isBuffer(data) ? data : Buffer.alloc(0), {
          title: text(fields, 'title'),
          contentType: text(fields, 'contentType'),
        });
      },
    },
    {
      metaType: Page.metaType,
      class: Page,
      addPermission: 'Add Pages',
      description: 'A nunjucks template rendered with the object as context (Manager only).',
      addFormFields: [
        titleField,
        { name: 'source', label: 'Template', type: 'text', default: '' },
        {
          name: 'contentType',
          label: 'Content type',
          type: 'string',
          default: 'text/html; charset=utf-8',
        },
      ],
      factory: (id, fields) =>
        new Page(id, text(fields, 'source'), {
          title: text(fields, 'title'),
          contentType: text(fields, 'contentType'),
        }),
    },
    {
      metaType: Application.metaType,
      class: Application,
      addPermission: 'Add Applications',
      addable: false,
      description: 'The root object of the main database.',
      factory: () => new Application(),
    },
  ],
};

/**
 * A product registry with the built-in `core` product, then `products` in order.
 *
 * @example
 * ```ts
 * const products = createProductRegistry(sessionsProduct);
 * products.addableTypes().map((t) => t.metaType); // ['BTreeFolder', 'File', 'Folder', 'Page', ...]
 * ```
 */
export function createProductRegistry(...products: ProductDefinition[]): ProductRegistry {
  const registry = new ProductRegistry();
  registry.registerProduct(coreProduct);
  for (const product of products) registry.registerProduct(product);
  return registry;
}
