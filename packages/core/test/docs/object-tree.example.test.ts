// The snippets of docs/object-tree.md live here, between `#region` markers, and run as tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BadRequestError } from '@zoa/core';
import { classRegistry, Database, SqliteStorage, TransactionManager } from '@zoa/core/persistence';
import { createProductRegistry } from '@zoa/core/products';
import type { ProductDefinition } from '@zoa/core/products';
import {
  Application,
  BeforeDeleteError,
  BTreeFolder,
  checkValidId,
  encodeClipboard,
  exportObject,
  File,
  Folder,
  importObject,
  Item,
  objectEvents,
  Page,
  resolvePath,
} from '@zoa/core/tree';

// #region define-type
class Invoice extends Item {
  static override readonly metaType = 'Invoice';
  amount = 0;
  booked = false;

  book(): void {
    this.booked = true;
    this.markChanged();
  }

  /** Vetoes the delete of a booked invoice: nothing is removed. */
  override manageBeforeDelete(): void {
    if (this.booked) throw new BeforeDeleteError(`Invoice ${this.id} is booked`);
  }
}
classRegistry.register('Invoice', Invoice);
// #endregion define-type

// #region product
const billing: ProductDefinition = {
  name: 'billing',
  types: [
    {
      metaType: Invoice.metaType,
      class: Invoice,
      addPermission: 'Add Invoices',
      addFormFields: [{ name: 'amount', label: 'Amount', type: 'int', required: true }],
      factory: (id, fields) => Object.assign(new Invoice(id), { amount: fields.amount as number }),
    },
  ],
  startup: [
    async ({ root }) => {
      if (await root.has('invoices')) return;
      await root.setObject('invoices', new BTreeFolder('invoices'));
    },
  ],
};
// #endregion product

describe('docs/object-tree.md', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-doc-tree-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the examples', async () => {
    const file = path.join(dir, 'Data.sqlite');
    // #region open-site
    const db = await Database.open(new SqliteStorage({ path: file }), {
      rootFactory: () => new Application('My site'),
    });
    const tm = new TransactionManager();

    await tm.run(async (txn) => {
      const app = await (await txn.open(db)).root<Application>();
      const news = await app.setObject('news', new Folder('news', 'News'));
      await news.setObject('index_html', new Page('index_html', '<h1>{{ context.title }}</h1>'));
      await news.setObject(
        'logo.png',
        new File('logo.png', Buffer.from([0x89, 0x50]), { contentType: 'image/png' }),
      );
    });
    // #endregion open-site

    const idRule = tm.run(async (txn) => {
      const app = await (await txn.open(db)).root<Application>();
      // #region folder-api
      const news = (await app.get('news')) as Folder; // activated, news.__parent__ === app
      await news.objectIds(); // ['index_html', 'logo.png']
      await news.objectIds('File'); // ['logo.png']
      await news.setObject('2026', new Folder('2026'));
      await news.renameObject('2026', 'archive'); // keeps its place
      await news.moveObjectsToTop(['archive']);
      await news.objectIds(); // ['archive', 'index_html', 'logo.png']
      await news.delObject('archive');
      // #endregion folder-api
      expect(await news.objectIds()).toEqual(['index_html', 'logo.png']);
      expect(await news.objectIds('File')).toEqual(['logo.png']);

      // #region id-rules
      await checkValidId(news, 'logo.png'); // BadRequestError: The id "logo.png" is invalid - it is already in use.
      // #endregion id-rules
    });
    await expect(idRule).rejects.toBeInstanceOf(BadRequestError);
    await expect(idRule).rejects.toThrow('The id "logo.png" is invalid - it is already in use.');

    const pasteIntoItself = tm.run(async (txn) => {
      const app = await (await txn.open(db)).root<Application>();
      const news = (await app.get('news')) as Folder;
      // #region copy-paste
      const clipboard = await app.manageCopyObjects(['news']); // { op: 'copy', paths: ['/news'] }
      const cookie = encodeClipboard(clipboard); // for the __cp cookie, at most 8 KB
      await app.managePasteObjects(cookie); // [{ id: 'news', newId: 'copy_of_news' }]
      await news.managePasteObjects(clipboard); // refused: cannot be pasted into itself
      // #endregion copy-paste
    });
    await expect(pasteIntoItself).rejects.toThrow('cannot be pasted into itself');

    await tm.run(async (txn) => {
      const app = await (await txn.open(db)).root<Application>();
      const archive = await app.setObject('archive', new Folder('archive'));
      await archive.managePasteObjects(await app.manageCutObjects(['news'])); // a move: same objects
      expect(await app.objectIds()).toEqual(['archive']);
      // #region page
      const page = (await resolvePath(app, '/archive/news/index_html')) as Page;
      await page.render(); // '<h1>News</h1>': `context` is the page's container
      await page.render({
        context: app,
        request: { method: 'GET', path: '/' },
        helpers: { year: () => 2026 },
      });
      // #endregion page
      expect(await page.render()).toBe('<h1>News</h1>');
      expect(await page.render({ context: app })).toBe('<h1>My site</h1>');
    });

    const conflict = tm.run(async (txn) => {
      const app = await (await txn.open(db)).root<Application>();
      const archive = (await app.get('archive')) as Folder;
      // #region properties
      archive.manageAddProperty('published', '2026-11-26', 'date');
      archive.manageAddProperty('keywords', 'news archive', 'tokens');
      archive.manageChangeProperties({ title: 'Archive', keywords: 'old news' }); // form strings
      archive.getProperty('keywords'); // ['old', 'news']
      archive.propertyIds(); // ['title', 'published', 'keywords']
      // #endregion properties
      expect(archive.getProperty('keywords')).toEqual(['old', 'news']);
      expect(archive.propertyIds()).toEqual(['title', 'published', 'keywords']);

      // #region export-import
      const json = await exportObject(archive); // every record of the subtree, local oids
      await importObject(app, json, { id: 'restored' }); // new objects, new oids
      await importObject(app, json); // BadRequestError: The id "archive" is invalid - it is already in use.
      // #endregion export-import
    });
    await expect(conflict).rejects.toThrow('The id "archive" is invalid - it is already in use.');

    // #region startup
    const products = createProductRegistry(billing); // core first, then billing
    await products.runStartup(db); // every start: hooks in one unit of work
    products.addableTypes().map((type) => type.metaType); // ['BTreeFolder', 'File', 'Folder', 'Invoice', 'Page']
    // #endregion startup
    expect(products.addableTypes().map((type) => type.metaType)).toEqual([
      'BTreeFolder',
      'File',
      'Folder',
      'Invoice',
      'Page',
    ]);

    const log: string[] = [];
    const vetoed = tm.run(async (txn) => {
      const app = await (await txn.open(db)).root<Application>();
      // #region events
      const stop = objectEvents.subscribe(
        (target, event) => void log.push(`${event.type} ${target.getPath()}`),
        { types: ['added', 'removed'] },
      );
      try {
        const invoices = (await app.get('invoices')) as BTreeFolder;
        const invoice = await products.addObject(invoices, 'Invoice', 'inv-1', { amount: '120' });
        (invoice as Invoice).book();
        await invoices.delObject('inv-1'); // BeforeDeleteError (409): Invoice inv-1 is booked
      } finally {
        stop();
      }
      // #endregion events
    });
    await expect(vetoed).rejects.toBeInstanceOf(BeforeDeleteError);
    expect(log).toEqual(['added /invoices/inv-1']);

    await tm.run(async (txn) => {
      const app = await (await txn.open(db)).root<Application>();
      expect(await app.objectIds()).toEqual(['archive', 'invoices']);
      // #region large-folder
      const invoices = (await app.get('invoices')) as BTreeFolder;
      for (let n = 1; n <= 120; n += 1) {
        const id = `inv-${String(n).padStart(4, '0')}`;
        await invoices.setObject(id, new Invoice(id));
      }
      const first = await invoices.objectValues(undefined, { limit: 50 }); // sorted by id
      const next = await invoices.objectIds(undefined, { after: first[49]!.id, limit: 50 });
      // #endregion large-folder
      expect(next[0]).toBe('inv-0051');
      expect(await invoices.objectCount()).toBe(120);
    });
    await db.close();
  });
});
