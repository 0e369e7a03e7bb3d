import { BadRequestError } from '@zoa/core';
import { Broken } from '@zoa/core/persistence';
import { cloneObject, File, Folder } from '@zoa/core/tree';

describe('cloneObject', () => {
  it('copies a whole subtree, sharing no object and no mutable value', async () => {
    const folder = new Folder('f', 'F');
    folder.manageAddProperty('tags', 'a b', 'tokens');
    const file = await folder.setObject('doc', new File('doc', 'data'));
    const copy = await cloneObject(folder);
    expect(copy).toBeInstanceOf(Folder);
    expect(copy).not.toBe(folder);
    expect(copy.__parent__).toBeUndefined();
    const copiedFile = (await copy.get('doc')) as File;
    expect(copiedFile).not.toBe(file);
    expect(copiedFile.data).not.toBe(file.data);
    copiedFile.data[0] = 0x44;
    copy.manageChangeProperties({ tags: 'z' });
    expect(file.data.toString()).toBe('data');
    expect(folder.getProperty('tags')).toEqual(['a', 'b']);
    expect(copiedFile._p_status).toBe('unsaved');
  });

  it('refuses a subtree holding a broken object', async () => {
    const folder = new Folder('f');
    await folder._setOb('gone', Broken.of('Gone') as unknown as File);
    await expect(cloneObject(folder)).rejects.toBeInstanceOf(BadRequestError);
  });
});
