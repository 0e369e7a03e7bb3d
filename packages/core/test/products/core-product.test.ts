import { coreProduct, createProductRegistry } from '@zoa/core/products';
import type { File, Page } from '@zoa/core/tree';
import { Application, BTreeFolder, Folder } from '@zoa/core/tree';

describe('coreProduct', () => {
  it('registers Folder, BTreeFolder, File, Page and the non-addable Application as product core', () => {
    const registry = createProductRegistry();
    expect(registry.products()).toEqual([
      {
        name: 'core',
        title: 'Zoa core types',
        version: undefined,
        metaTypes: ['Folder', 'BTreeFolder', 'File', 'Page', 'Application'],
      },
    ]);
    expect(registry.typeInfo('Application')?.addable).toBe(false);
    expect(registry.addableTypes().map((t) => t.metaType)).not.toContain('Application');
    expect(registry.typeInfo('Folder')?.icon).toBe('folder.svg');
    expect(coreProduct.types?.every((t) => t.addPermission.length > 0)).toBe(true);
  });

  it('makes each core type from add-form input', async () => {
    const registry = createProductRegistry();
    const app = new Application();
    const folder = await registry.addObject(app, 'Folder', 'f', { title: 'F' });
    expect(folder).toBeInstanceOf(Folder);
    expect(folder.title).toBe('F');
    expect(await registry.addObject(app, 'BTreeFolder', 'big')).toBeInstanceOf(BTreeFolder);
    const file = (await registry.addObject(app, 'File', 'doc.txt', {
      file: Buffer.from('hello'),
      contentType: 'text/plain',
    })) as File;
    expect([file.data.toString(), file.getContentType()]).toEqual(['hello', 'text/plain']);
    const empty = (await registry.addObject(app, 'File', 'empty')) as File;
    expect([empty.getSize(), empty.getContentType()]).toEqual([0, 'application/octet-stream']);
    const page = (await registry.addObject(app, 'Page', 'index_html', {
      source: '{{ context.title }}',
    })) as Page;
    expect(await page.render()).toBe('Zoa');
    await expect(
      registry.addObject(app, 'Page', 'evil', { source: '{{ x.constructor }}' }),
    ).rejects.toThrow('not allowed');
    await expect(registry.addObject(app, 'File', 'bad', { contentType: 'nope' })).rejects.toThrow(
      'not valid',
    );
    expect(await app.objectIds()).toEqual(['f', 'big', 'doc.txt', 'empty', 'index_html']);
  });
});
