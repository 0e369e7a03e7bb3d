import { BadRequestError } from '@zoa/core';
import { Database, MemoryStorage, TransactionManager } from '@zoa/core/persistence';
import { ensureManager, findUserFolder, generatePassword, UserFolder } from '@zoa/core/security';
import { Application, Folder } from '@zoa/core/tree';

const userFolder = { scrypt: { N: 1024, r: 8, p: 1 } };

describe('ensureManager', () => {
  let db: Database;
  let tm: TransactionManager;
  const withRoot = <T>(work: (root: Application) => Promise<T>): Promise<T> =>
    tm.run(async (txn) => work(await (await txn.open(db)).root<Application>()));

  beforeEach(async () => {
    db = await Database.open(new MemoryStorage(), { rootFactory: () => new Application() });
    tm = new TransactionManager();
  });
  afterEach(() => db.close());

  it('M-23: creates acl_users and a Manager with a generated password, returned once', async () => {
    const result = await withRoot((root) => ensureManager(root, { userFolder }));
    expect(result.created).toBe(true);
    expect(result.name).toBe('admin');
    expect(result.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await withRoot(async (root) => {
      const users = await findUserFolder(root);
      expect(users).toBeInstanceOf(UserFolder);
      expect(users?.getUser('admin')?.roles).toEqual(['Manager']);
      await expect(
        users?.authenticate('admin', result.generatedPassword as string),
      ).resolves.toBeDefined();
      expect(root.isReserved('acl_users')).toBe(true);
    });
  });

  it('M-23: uses the given name and password and returns no generated password', async () => {
    const result = await withRoot((root) =>
      ensureManager(root, { name: 'boss', password: 'given password', userFolder }),
    );
    expect(result).toEqual({ created: true, name: 'boss' });
    await withRoot(async (root) => {
      await expect(
        (await findUserFolder(root))?.authenticate('boss', 'given password'),
      ).resolves.toBeDefined();
    });
  });

  it('M-23: does nothing when a Manager exists', async () => {
    await withRoot((root) =>
      ensureManager(root, { name: 'first', password: 'first password', userFolder }),
    );
    const again = await withRoot((root) => ensureManager(root, { name: 'second', userFolder }));
    expect(again).toEqual({ created: false, name: 'first' });
    await withRoot(async (root) =>
      expect((await findUserFolder(root))?.userNames()).toEqual(['first']),
    );
  });

  it('refuses to promote an existing user who is not a Manager', async () => {
    await withRoot(async (root) => {
      const users = await root.setObject('acl_users', new UserFolder(userFolder));
      await users.addUser('admin', 'plain user password');
    });
    await expect(withRoot((root) => ensureManager(root, { userFolder }))).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });

  it('refuses a root whose acl_users is not a user folder', async () => {
    await withRoot((root) => root.setObject('acl_users', new Folder('acl_users')));
    await expect(withRoot((root) => ensureManager(root, { userFolder }))).rejects.toThrow(
      /not a UserFolder/,
    );
  });

  it('refuses a short given password', async () => {
    await expect(
      withRoot((root) => ensureManager(root, { password: 'short', userFolder })),
    ).rejects.toBeInstanceOf(BadRequestError);
  });
});

describe('generatePassword', () => {
  it('makes 24 base64url characters (144 random bits), different every time', () => {
    const passwords = new Set(Array.from({ length: 100 }, generatePassword));
    expect(passwords.size).toBe(100);
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });
});
