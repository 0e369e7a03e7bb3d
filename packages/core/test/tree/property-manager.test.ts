import { BadRequestError } from '@zoa/core';
import { Folder, PropertyManager } from '@zoa/core/tree';
import { inTxn, openTreeDb } from './fixtures/tree-db';

describe('PropertyManager', () => {
  it('has the class property title, read from and written to the field', () => {
    const pm = new PropertyManager('doc', 'A doc');
    expect(pm.propertyIds()).toEqual(['title']);
    expect(pm.getProperty('title')).toBe('A doc');
    expect(pm.getPropertyType('title')).toBe('string');
    pm.manageChangeProperties({ title: 'Renamed' });
    expect(pm.title).toBe('Renamed');
  });

  it('adds typed properties from form strings and lists them in order', () => {
    const pm = new PropertyManager('doc');
    pm.manageAddProperty('pages', '12', 'int');
    pm.manageAddProperty('ratio', '0.5', 'float');
    pm.manageAddProperty('public', 'on', 'boolean', { mode: 'w' });
    pm.manageAddProperty('keywords', 'a b', 'tokens');
    pm.manageAddProperty('color', 'red', 'selection', { options: ['red', 'blue'] });
    pm.manageAddProperty('get', 'x', 'string');
    expect(pm.propertyIds()).toEqual([
      'title',
      'pages',
      'ratio',
      'public',
      'keywords',
      'color',
      'get',
    ]);
    expect(pm.propertyValues()).toEqual(['', 12, 0.5, true, ['a', 'b'], 'red', 'x']);
    expect(pm.propertyItems()[1]).toEqual(['pages', 12]);
    expect(pm.hasProperty('pages')).toBe(true);
    expect(pm.hasProperty('nope')).toBe(false);
    expect(pm.getProperty('nope', 'fallback')).toBe('fallback');
    expect(pm.propertyMap()[3]).toEqual({ id: 'public', type: 'boolean', mode: 'w' });
    expect((pm as unknown as Record<string, unknown>).pages).toBeUndefined();
  });

  it('hands out copies of lists and dates', () => {
    const pm = new PropertyManager('doc');
    pm.manageAddProperty('tags', ['a'], 'lines');
    (pm.getProperty('tags') as string[]).push('b');
    expect(pm.getProperty('tags')).toEqual(['a']);
  });

  it.each([
    ['', 'Empty or invalid id specified'],
    ['_secret', 'begins with an underscore'],
    ['title', 'The property id "title" is invalid - it is already in use.'],
    ['with space', 'contains spaces'],
    ['constructor', 'is a reserved name'],
    ['manageAddProperty', 'is a reserved name'],
    ['<b>', 'The id "&lt;b&gt;" contains characters illegal in URLs.'],
  ])('refuses the property id %j', (id, message) => {
    const pm = new PropertyManager('doc');
    expect(() => pm.manageAddProperty(id, 'x', 'string')).toThrow(message);
  });

  it('refuses an unknown type and a bad value, adding nothing', () => {
    const pm = new PropertyManager('doc');
    expect(() => pm.manageAddProperty('x', '1', 'object')).toThrow(
      'Unknown property type "object".',
    );
    expect(() => pm.manageAddProperty('n', 'many', 'int')).toThrow(BadRequestError);
    expect(pm.propertyIds()).toEqual(['title']);
  });

  it('changes only named writable properties, checking all values first', () => {
    const pm = new PropertyManager('doc');
    pm.manageAddProperty('n', '1', 'int');
    pm.manageAddProperty('fixed', 'x', 'string', { mode: '' });
    pm.manageChangeProperties({ n: '2', unrelated: 'ignored', __proto__: { polluted: true } });
    expect(pm.getProperty('n')).toBe(2);
    expect(() => pm.manageChangeProperties({ title: 'new', n: 'bad' })).toThrow(BadRequestError);
    expect(pm.title).toBe('');
    expect(() => pm.manageChangeProperties({ fixed: 'y' })).toThrow(
      'The property "fixed" cannot be changed.',
    );
    pm.manageChangeProperties(new Map([['n', '3']]));
    expect(pm.getProperty('n')).toBe(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('edits every writable property from a form, missing checkboxes meaning false', () => {
    const pm = new PropertyManager('doc', 'Old');
    pm.manageAddProperty('public', true, 'boolean');
    pm.manageAddProperty('tags', 'a\nb', 'lines');
    pm.manageEditProperties({ title: 'New', tags: 'c' });
    expect(pm.propertyValues()).toEqual(['New', false, ['c']]);
  });

  it('deletes deletable run-time properties only', () => {
    const pm = new PropertyManager('doc');
    pm.manageAddProperty('a', 'x', 'string');
    pm.manageAddProperty('keep', 'x', 'string', { mode: 'w' });
    expect(() => pm.manageDelProperties(['title'])).toThrow(
      'The property "title" cannot be deleted.',
    );
    expect(() => pm.manageDelProperties(['keep'])).toThrow('cannot be deleted');
    expect(() => pm.manageDelProperties(['a', 'zz'])).toThrow('The property "zz" does not exist.');
    expect(pm.hasProperty('a')).toBe(true);
    pm.manageDelProperties(['a']);
    expect(pm.propertyIds()).toEqual(['title', 'keep']);
  });

  it('stores properties through commit and reload (folders are property managers)', async () => {
    const db = await openTreeDb();
    await inTxn(db, async (app) => {
      const folder = await app.setObject('f', new Folder('f'));
      folder.manageAddProperty('published', '2026-11-26', 'date');
      folder.manageAddProperty('tags', 'a b', 'tokens');
    });
    await inTxn(db, async (app) => {
      const folder = (await app.get('f')) as Folder;
      expect(folder.getProperty('published')).toEqual(new Date('2026-11-26T00:00:00Z'));
      folder.manageChangeProperties({ tags: 'c' });
    });
    await inTxn(db, async (app) => {
      expect(((await app.get('f')) as Folder).getProperty('tags')).toEqual(['c']);
    });
    await db.close();
  });
});
