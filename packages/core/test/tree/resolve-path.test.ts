import { Application, Folder, Item, resolvePath } from '@zoa/core/tree';

describe('resolvePath', () => {
  it('finds objects by physical path from the root of any object', async () => {
    const app = new Application();
    const a = await app.setObject('a', new Folder('a'));
    const b = await a.setObject('b', new Item('b'));
    expect(await resolvePath(b, '/a/b')).toBe(b);
    expect(await resolvePath(b, '/a')).toBe(a);
    expect(await resolvePath(a, '/')).toBe(app);
    expect(await resolvePath(app, '/a//b/')).toBe(b);
  });

  it('returns undefined for a missing step or a step below a leaf', async () => {
    const app = new Application();
    await app.setObject('a', new Item('a'));
    expect(await resolvePath(app, '/nope')).toBeUndefined();
    expect(await resolvePath(app, '/a/b')).toBeUndefined();
    expect(await resolvePath(app, '/__proto__/constructor')).toBeUndefined();
  });
});
