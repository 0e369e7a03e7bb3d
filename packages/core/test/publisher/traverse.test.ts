import { traverse } from '@zoa/core/publisher';
import { TestFolder, TestPage } from './fixtures/test-tree';
import { T04_NAMES } from './fixtures/t04-vectors';

/** root/docs/intro (a page) and root/docs/sub (a folder), built in memory. */
function buildTree(): { root: TestFolder; docs: TestFolder; intro: TestPage; sub: TestFolder } {
  const root = new TestFolder('');
  const docs = root.add(new TestFolder('docs'));
  const intro = docs.add(new TestPage('intro', 'Hi'));
  const sub = docs.add(new TestFolder('sub'));
  return { root, docs, intro, sub };
}

describe('traverse', () => {
  it('returns the root and the default view when there are no segments', async () => {
    const { root } = buildTree();
    expect(await traverse(root, [])).toEqual({
      context: root,
      viewName: '',
      subpath: [],
      traversed: [],
      parents: [root],
      root,
    });
  });

  it('follows publishTraverse to the last object when every segment resolves', async () => {
    const { root, docs, intro } = buildTree();
    const found = await traverse(root, ['docs', 'intro']);
    expect(found.context).toBe(intro);
    expect(found.viewName).toBe('');
    expect(found.traversed).toEqual(['docs', 'intro']);
    expect(found.parents).toEqual([intro, docs, root]);
  });

  it('stops at the first miss when a name is unknown', async () => {
    const { root, docs } = buildTree();
    const found = await traverse(root, ['docs', 'edit', 'x', 'y']);
    expect(found).toMatchObject({
      context: docs,
      viewName: 'edit',
      subpath: ['x', 'y'],
      traversed: ['docs'],
    });
  });

  it('stops when the object is not traversable', async () => {
    const { root, intro } = buildTree();
    const found = await traverse(root, ['docs', 'intro', 'source']);
    expect(found).toMatchObject({ context: intro, viewName: 'source', subpath: [] });
  });

  it('stops at an @@ segment even when a child has that name', async () => {
    const { root, docs } = buildTree();
    docs.add(new TestPage('@@edit'));
    const found = await traverse(root, ['docs', '@@edit', 'more']);
    expect(found).toMatchObject({
      context: docs,
      viewName: 'edit',
      subpath: ['more'],
      traversed: ['docs'],
    });
  });

  it('treats a bare @@ as a miss', async () => {
    const { root } = buildTree();
    expect(await traverse(root, ['@@'])).toMatchObject({ context: root, viewName: '@@' });
  });

  it('stops when publishTraverse answers something that is not an object', async () => {
    const odd = {
      publishTraverse: async (name: string): Promise<object | undefined> =>
        ({ str: 'text', fn: () => 1, nul: null })[name] as unknown as object | undefined,
    };
    for (const name of ['str', 'nul']) {
      expect(await traverse(odd, [name])).toMatchObject({ context: odd, viewName: name });
    }
  });

  it.each(T04_NAMES)('T-04 never hands %s to publishTraverse', async (name) => {
    const asked: string[] = [];
    const root = {
      publishTraverse: async (n: string): Promise<object | undefined> => {
        asked.push(n);
        return {};
      },
    };
    const found = await traverse(root, ['a', name, 'b']);
    expect(asked).toEqual(['a']);
    expect(found.viewName).toBe(name);
    expect(found.subpath).toEqual(['b']);
  });

  it('T-04 never reads properties of the objects it walks', async () => {
    const root = new TestFolder('');
    (root as unknown as Record<string, unknown>).secret = new TestPage('secret');
    const found = await traverse(root, ['secret']);
    expect(found).toMatchObject({ context: root, viewName: 'secret' });
  });

  it('leaves Object.prototype alone when walking reserved names', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const { root } = buildTree();
    for (const name of T04_NAMES) await traverse(root, [name, name]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).docs).toBeUndefined();
  });
});
