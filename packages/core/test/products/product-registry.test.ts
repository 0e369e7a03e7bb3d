import { BadRequestError } from '@zoa/core';
import { classRegistry, Database, MemoryStorage, TransactionManager } from '@zoa/core/persistence';
import { createProductRegistry, ProductRegistry } from '@zoa/core/products';
import type { ProductDefinition, StartupContext } from '@zoa/core/products';
import type { ObjectManager } from '@zoa/core/tree';
import { Application, Folder, Item } from '@zoa/core/tree';

class Widget extends Item {
  static override readonly metaType = 'Widget';
  static override readonly icon = 'widget.svg';
  size = 0;
}
classRegistry.register('test.products.Widget', Widget);

class Unstored extends Item {
  static override readonly metaType = 'Unstored';
}

const widgets: ProductDefinition = {
  name: 'widgets',
  title: 'Widgets',
  version: '1.0.0',
  types: [
    {
      metaType: 'Widget',
      class: Widget,
      addPermission: 'Add Widgets',
      addFormFields: [
        { name: 'title', label: 'Title', type: 'string', default: '' },
        { name: 'size', label: 'Size', type: 'int', required: true },
      ],
      factory: (id, fields) =>
        Object.assign(new Widget(id, String(fields.title)), { size: fields.size as number }),
    },
  ],
};

describe('ProductRegistry', () => {
  it('registers products and their types, with the class icon by default', () => {
    const registry = new ProductRegistry();
    registry.registerProduct(widgets);
    expect(registry.products()).toEqual([
      { name: 'widgets', title: 'Widgets', version: '1.0.0', metaTypes: ['Widget'] },
    ]);
    expect(registry.typeInfo('Widget')?.icon).toBe('widget.svg');
    expect(registry.metaTypes()).toEqual(['Widget']);
    expect(registry.typeInfo('Nope')).toBeUndefined();
  });

  it('refuses duplicate products and meta types, and classes not registered for storage', () => {
    const registry = createProductRegistry(widgets);
    expect(() => registry.registerProduct(widgets)).toThrow(
      'The product "widgets" is already registered',
    );
    expect(() =>
      registry.registerProduct({
        name: 'other',
        types: [{ ...widgets.types![0]!, metaType: 'Folder' }],
      }),
    ).toThrow('The meta type "Folder" is already registered');
    expect(() =>
      registry.registerProduct({
        name: 'bad',
        types: [
          {
            metaType: 'Unstored',
            class: Unstored,
            addPermission: 'x',
            factory: (id) => new Unstored(id),
          },
        ],
      }),
    ).toThrow('is not registered for storage');
    expect(registry.products().map((p) => p.name)).toEqual(['core', 'widgets']);
    expect(() => registry.addStartupHook('ghost', async () => undefined)).toThrow(
      'No product named "ghost"',
    );
  });

  it('lists addable types sorted, filtered by the add permission', () => {
    const registry = createProductRegistry(widgets);
    expect(registry.addableTypes().map((t) => t.metaType)).toEqual([
      'BTreeFolder',
      'File',
      'Folder',
      'Page',
      'Widget',
    ]);
    const allowed = new Set(['Add Folders', 'Add Widgets']);
    expect(
      registry.addableTypes({ hasPermission: (p) => allowed.has(p) }).map((t) => t.metaType),
    ).toEqual(['BTreeFolder', 'Folder', 'Widget']);
  });

  it('creates and adds objects from raw form input', async () => {
    const registry = createProductRegistry(widgets);
    const folder = new Folder('f');
    const widget = (await registry.addObject(folder, 'Widget', 'w1', {
      size: '7',
      title: 'W',
      other: 'x',
    })) as Widget;
    expect(widget).toBeInstanceOf(Widget);
    expect([widget.id, widget.title, widget.size, widget.__parent__]).toEqual([
      'w1',
      'W',
      7,
      folder,
    ]);
    await expect(registry.addObject(folder, 'Widget', 'w2', {})).rejects.toThrow(
      'The field "Size" is required.',
    );
    await expect(
      registry.addObject(folder, 'Widget', 'w2', { size: 'big' }),
    ).rejects.toBeInstanceOf(BadRequestError);
    await expect(registry.addObject(folder, 'Widget', 'w1', { size: '1' })).rejects.toThrow(
      'already in use',
    );
    await expect(registry.addObject(folder, 'Gadget', 'g', {})).rejects.toThrow(
      'Unknown type "Gadget".',
    );
    expect(await folder.objectIds()).toEqual(['w1']);
  });

  it('does not run the factory for a bad id', async () => {
    const registry = new ProductRegistry();
    const factory = jest.fn((id: string) => new Widget(id));
    registry.registerProduct({
      name: 'p',
      types: [{ metaType: 'Widget', class: Widget, addPermission: 'x', factory }],
    });
    await expect(registry.addObject(new Folder('f'), 'Widget', '_bad')).rejects.toBeInstanceOf(
      BadRequestError,
    );
    expect(factory).not.toHaveBeenCalled();
  });

  it('refuses a factory that returns the wrong class', async () => {
    const registry = new ProductRegistry();
    registry.registerProduct({
      name: 'p',
      types: [
        { metaType: 'Widget', class: Widget, addPermission: 'x', factory: (id) => new Folder(id) },
      ],
    });
    await expect(registry.createObject('Widget', 'w')).rejects.toThrow('did not return a Widget');
  });

  describe('runStartup', () => {
    it('runs hooks in registration order in one unit of work with the root and the transaction', async () => {
      const db = await Database.open(new MemoryStorage(), { rootFactory: () => new Application() });
      const calls: string[] = [];
      const registry = new ProductRegistry();
      const record = (name: string) => async (context: StartupContext) => {
        calls.push(`${name}:${context.root.metaType}:${context.transaction.status}`);
        expect(context.connection.db).toBe(db);
        expect(context.registry).toBe(registry);
        if (!(await context.root.has('shop')))
          await context.root.setObject('shop', new Folder('shop'));
      };
      registry.registerProduct({ name: 'first', startup: [record('first')] });
      registry.registerProduct({ name: 'second', startup: [record('second')] });
      registry.addStartupHook('first', record('first-late'));
      await registry.runStartup(db);
      await registry.runStartup(db);
      expect(calls).toEqual([
        'first:Application:active',
        'second:Application:active',
        'first-late:Application:active',
        'first:Application:active',
        'second:Application:active',
        'first-late:Application:active',
      ]);
      await new TransactionManager().run(async (txn) => {
        const root = await (await txn.open(db)).root<Application>();
        expect(await root.objectIds()).toEqual(['shop']);
      });
      await db.close();
    });

    it('commits nothing when a hook fails', async () => {
      const db = await Database.open(new MemoryStorage(), { rootFactory: () => new Application() });
      const registry = new ProductRegistry();
      registry.registerProduct({
        name: 'p',
        startup: [
          async ({ root }) => void (await root.setObject('made', new Folder('made'))),
          async () => {
            throw new Error('hook failed');
          },
        ],
      });
      await expect(registry.runStartup(db)).rejects.toThrow('hook failed');
      await new TransactionManager().run(async (txn) => {
        const root = await (await txn.open(db)).root<ObjectManager>();
        expect(await root.objectIds()).toEqual([]);
      });
      await db.close();
    });

    it('refuses a root that is not a container', async () => {
      const db = await Database.open(new MemoryStorage());
      await expect(new ProductRegistry().runStartup(db)).rejects.toThrow('is not a container');
      await db.close();
    });
  });
});
