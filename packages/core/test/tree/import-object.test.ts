import { BadRequestError } from '@zoa/core';
import { classRegistry } from '@zoa/core/persistence';
import { exportObject, File, Folder, importObject, objectEvents } from '@zoa/core/tree';
import type { ZexpDocument } from '@zoa/core/tree';
import { inTxn, openTreeDb } from './fixtures/tree-db';

async function sample(): Promise<string> {
  const folder = new Folder('news', 'News');
  await folder.setObject('a', new File('a', 'data'));
  return exportObject(folder);
}

function tamper(
  json: string,
  change: (doc: {
    records: { oid: number; className: string; state: Record<string, unknown> }[];
  }) => void,
): string {
  const doc = JSON.parse(json) as {
    records: { oid: number; className: string; state: Record<string, unknown> }[];
  };
  change(doc);
  return JSON.stringify(doc);
}

describe('importObject', () => {
  it('imports a subtree as new objects, sending added events', async () => {
    const target = new Folder('target');
    const json = await sample();
    const seen: string[] = [];
    const stop = objectEvents.subscribe((t, e) => void seen.push(`${e.type}:${t.id}`), {
      types: ['added'],
    });
    try {
      const news = (await importObject(target, json)) as Folder;
      expect(news.title).toBe('News');
      expect(news.__parent__).toBe(target);
      expect(((await news.get('a')) as File).data.toString()).toBe('data');
    } finally {
      stop();
    }
    expect(seen).toEqual(['added:news', 'added:a']);
  });

  it('reports an id conflict naming the id, and never overwrites', async () => {
    const target = new Folder('target');
    const existing = await target.setObject('news', new Folder('news', 'Keep me'));
    await expect(importObject(target, await sample())).rejects.toThrow(
      'The id "news" is invalid - it is already in use.',
    );
    expect(await target.get('news')).toBe(existing);
    expect(existing.title).toBe('Keep me');
    const renamed = await importObject(target, await sample(), { id: 'news2' });
    expect(renamed.id).toBe('news2');
    await expect(importObject(target, await sample(), { id: '<x>' })).rejects.toThrow('&lt;x&gt;');
  });

  it('imports the same export twice as independent copies, persisted with new oids', async () => {
    const db = await openTreeDb();
    const json = await sample();
    await inTxn(db, async (app) => {
      await importObject(app, json, { id: 'one' });
      await importObject(app, json, { id: 'two' });
    });
    await inTxn(db, async (app) => {
      const one = (await app.get('one')) as Folder;
      const two = (await app.get('two')) as Folder;
      expect(one._p_oid).not.toBe(two._p_oid);
      ((await one.get('a')) as File).updateData('changed');
    });
    await inTxn(db, async (app) => {
      const two = (await app.get('two')) as Folder;
      expect(((await two.get('a')) as File).data.toString()).toBe('data');
    });
    await db.close();
  });

  it.each<[string, (json: string) => string, string]>([
    ['not JSON', () => '{', 'not JSON'],
    ['another format', (j) => j.replace('zoa-export', 'zexp'), 'not a Zoa export'],
    ['no records', (j) => tamper(j, (d) => void (d.records = [])), 'no records'],
    [
      'an unknown class',
      (j) => tamper(j, (d) => void ((d.records[1] as { className: string }).className = 'Evil')),
      'unknown class "Evil"',
    ],
    ['a dangling reference', (j) => tamper(j, (d) => void d.records.pop()), 'bad reference'],
    [
      'a state replacing a method',
      (j) => tamper(j, (d) => void (d.records[0]!.state.getPath = 'x')),
      'would replace a method',
    ],
    ['a child with a bad id', (j) => j.replace(/"a"/g, '"__evil"'), 'begins with an underscore'],
    [
      'a root that is not an item',
      (j) => tamper(j, (d) => void (d.records[0]!.className = 'PersistentMapping')),
      'its root is not a tree object',
    ],
  ])('refuses %s', async (_what, change, message) => {
    const target = new Folder('target');
    let caught: unknown;
    try {
      await importObject(target, change(await sample()));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BadRequestError);
    expect((caught as Error).message).toContain(message);
    expect(await target.objectIds()).toEqual([]);
  });

  it('refuses a root that is not a tree object', async () => {
    const doc: ZexpDocument = {
      format: 'zoa-export',
      version: 1,
      root: 1,
      records: [{ oid: 1, className: 'PersistentMapping', state: { data: { $map: [] } } }],
    };
    expect(classRegistry.classFor('PersistentMapping')).toBeDefined();
    await expect(importObject(new Folder('t'), doc)).rejects.toThrow(
      'its root is not a tree object',
    );
  });
});
