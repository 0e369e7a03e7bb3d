import { classRegistry } from '@zoa/core/persistence';
import { Folder, Item, setParent } from '@zoa/core/tree';

describe('Item', () => {
  it('has an id, a title, a meta type, an icon and a path', async () => {
    const item = new Item('x', 'X');
    expect([item.getId(), item.titleOrId(), item.metaType, item.icon, item.getSize()]).toEqual([
      'x',
      'X',
      'Item',
      'item.svg',
      0,
    ]);
    expect(item.isFolderish).toBe(false);
    const folder = new Folder('f');
    await folder.setObject('x', item);
    expect(item.getPath()).toBe('/x');
    expect(item.describe()).toBe('Item at /x');
    expect(classRegistry.nameOf(Item)).toBe('Item');
  });

  it('keeps the parent link out of its state and out of enumeration', () => {
    const parent = new Folder('p');
    const item = new Item('x');
    setParent(item, parent);
    expect(item.__parent__).toBe(parent);
    expect(Object.keys(item)).not.toContain('__parent__');
    expect(item.getState()).not.toHaveProperty('__parent__');
  });

  it('has no sublocations', async () => {
    const found: Item[] = [];
    for await (const child of new Item('x').sublocations()) found.push(child);
    expect(found).toEqual([]);
  });
});
