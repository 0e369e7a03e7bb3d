import { BadRequestError } from '@zoa/core';
import { checkIdSyntax, checkValidId, Folder, isReservedName, MAX_ID_LENGTH } from '@zoa/core/tree';

async function folderWith(...ids: string[]): Promise<Folder> {
  const folder = new Folder('container');
  for (const id of ids) await folder.setObject(id, new Folder(id));
  return folder;
}

async function messageFor(id: unknown): Promise<string> {
  const folder = await folderWith('taken');
  try {
    await checkValidId(folder, id);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).status).toBe(400);
    return (error as Error).message;
  }
  return 'ok';
}

describe('checkValidId', () => {
  // Zope's rules, in Zope's order, with Zope's messages; then T-10 (security.md).
  it.each([
    ['', 'Empty or invalid id specified'],
    [42, 'Empty or invalid id specified'],
    [undefined, 'Empty or invalid id specified'],
    ['a<b', 'The id "a&lt;b" contains characters illegal in URLs.'],
    ['a>b', 'The id "a&gt;b" contains characters illegal in URLs.'],
    ['a&b', 'The id "a&amp;b" contains characters illegal in URLs.'],
    ['a/b', 'The id "a/b" contains characters illegal in URLs.'],
    ['a\nb', 'The id "a\nb" contains characters illegal in URLs.'],
    ['a\u0000b', 'The id "a\u0000b" contains characters illegal in URLs.'],
    ['a\u007fb', 'The id "a\u007fb" contains characters illegal in URLs.'],
    ['a\u0085b', 'The id "a\u0085b" contains characters illegal in URLs.'],
    ['a\\b', 'The id "a\\b" contains characters illegal in URLs.'],
    ['a"b', 'The id "a&quot;b" contains characters illegal in URLs.'],
    ["a'b", 'The id "a&#39;b" contains characters illegal in URLs.'],
    ['a\ud800b', 'The id "a\ud800b" contains characters illegal in URLs.'],
    [
      'e\u0301',
      'The id "e\u0301" is invalid because it is not in Unicode normalization form C (NFC).',
    ],
    ['.', 'The id "." is invalid because it is not traversable.'],
    ['..', 'The id ".." is invalid because it is not traversable.'],
    ['_private', 'The id "_private" is invalid because it begins with an underscore.'],
    ['__proto__', 'The id "__proto__" is invalid because it begins with an underscore.'],
    ['aq_parent', 'The id "aq_parent" is invalid because it begins with "aq_".'],
    ['dunder__', 'The id "dunder__" is invalid because it ends with two underscores.'],
    [
      '@@view',
      'The id "@@view" is invalid because it starts with characters reserved for views lookup.',
    ],
    [
      '++resource++x',
      'The id "++resource++x" is invalid because it starts with characters reserved for views lookup.',
    ],
    ['taken', 'The id "taken" is invalid - it is already in use.'],
    ['REQUEST', 'REQUEST is a reserved name.'],
  ])('refuses %j with its message', async (id, message) => {
    expect(await messageFor(id)).toBe(message);
  });

  it.each([
    'constructor',
    'prototype',
    'hasOwnProperty',
    'toString',
    'valueOf',
    'then',
    'call',
    'apply',
    'bind',
    'isPrototypeOf',
    'toLocaleString',
    'length',
    'name',
    'get',
    'has',
    'setObject',
    'objectIds',
    'publishTraverse',
    'markChanged',
    'activate',
    'id',
    'title',
    'metaType',
  ])('refuses the T-04 / reserved name %j', async (id) => {
    expect(await messageFor(id)).toBe(`The id "${id}" is invalid because it is a reserved name.`);
  });

  it('refuses ids longer than 255 characters, quoting only their start', async () => {
    const message = await messageFor('x'.repeat(MAX_ID_LENGTH + 1));
    expect(message).toBe(
      `The id "${'x'.repeat(40)}…" is invalid because it is longer than 255 characters.`,
    );
    expect(await messageFor('x'.repeat(MAX_ID_LENGTH))).toBe('ok');
  });

  it.each([
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "javascript:alert('x')",
    'a&#x3C;b',
  ])('escapes the XSS-ish id %j in its message', async (id) => {
    const escaped = id
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
    const message = await messageFor(id);
    expect(message).toBe(`The id "${escaped}" contains characters illegal in URLs.`);
    expect(message).not.toMatch(/[<>']/);
  });

  it.each([
    'index_html',
    'Café',
    'with space',
    'copy_of_x',
    'a.b',
    'a-b~c,d$(e)#f',
    '日本語',
    '%2e%2e',
    'x?y',
    '😀',
    'under_score',
    'REQUESTS',
  ])('accepts %j', async (id) => {
    expect(await messageFor(id)).toBe('ok');
  });

  it('reports the first broken rule in Zope order', async () => {
    expect(await messageFor('_<')).toContain('contains characters illegal in URLs');
    expect(await messageFor('_aq__')).toContain('begins with an underscore');
    expect(await messageFor('aq___')).toContain('begins with "aq_"');
  });

  it('allows a duplicate when asked to (Zope allow_dup)', async () => {
    const folder = await folderWith('taken');
    await expect(checkValidId(folder, 'taken', { allowDuplicate: true })).resolves.toBe('taken');
  });
});

describe('checkIdSyntax', () => {
  it('checks every rule but "already in use"', async () => {
    const folder = await folderWith('taken');
    expect(() => checkIdSyntax(folder, 'taken')).not.toThrow();
    expect(() => checkIdSyntax(folder, 'REQUEST')).toThrow('REQUEST is a reserved name.');
    expect(() => checkIdSyntax(folder, '..')).toThrow(BadRequestError);
  });
});

describe('isReservedName', () => {
  it('reserves Object.prototype names and the container class members, not other words', () => {
    const folder = new Folder('f');
    expect(isReservedName(folder, '__defineGetter__')).toBe(true);
    expect(isReservedName(folder, 'manageCopyObjects')).toBe(true);
    expect(isReservedName(folder, 'news')).toBe(false);
  });
});
