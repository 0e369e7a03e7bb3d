import crypto from 'node:crypto';
import { BadRequestError, NotFoundError } from '@zoa/core';
import { Database, MemoryStorage, TransactionManager } from '@zoa/core/persistence';
import { parsePasswordHash, User, UserFolder } from '@zoa/core/security';
import { Application } from '@zoa/core/tree';

const FAST = { N: 1024, r: 8, p: 1 };

function newFolder(): UserFolder {
  return new UserFolder({ scrypt: FAST });
}

describe('UserFolder', () => {
  it('is the "User Folder" at acl_users', () => {
    const folder = newFolder();
    expect(folder.metaType).toBe('User Folder');
    expect(folder.id).toBe('acl_users');
  });

  it('adds users with hashed passwords and sorted roles', async () => {
    const folder = newFolder();
    const user = await folder.addUser('alice', 'alice password', ['Owner', 'Manager', 'Owner']);
    expect(user).toBeInstanceOf(User);
    expect(user.roles).toEqual(['Manager', 'Owner']);
    expect(user.getRoles()).toEqual(['Authenticated', 'Manager', 'Owner']);
    expect(user.passwordHash).not.toContain('alice password');
    expect(parsePasswordHash(user.passwordHash)).toMatchObject(FAST);
    expect(folder.getUser('alice')).toBe(user);
    expect(folder.userNames()).toEqual(['alice']);
    expect(folder.hasManager()).toBe(true);
  });

  it('T-17: keeps users in a Map, so __proto__ and constructor are ordinary names', async () => {
    const folder = newFolder();
    await folder.addUser('__proto__', 'proto password');
    await folder.addUser('constructor', 'ctor password');
    expect(folder.userNames()).toEqual(['__proto__', 'constructor']);
    expect(folder.getUser('toString')).toBeUndefined();
    expect(Object.getPrototypeOf(folder)).toBe(UserFolder.prototype);
  });

  it('answers 400 for a taken name', async () => {
    const folder = newFolder();
    await folder.addUser('bob', 'bob password');
    await expect(folder.addUser('bob', 'other password')).rejects.toMatchObject({
      status: 400,
      message: 'A user named "bob" already exists',
    });
  });

  it.each([
    ['Anonymous', 'is not a role that can be given'],
    ['Authenticated', 'is not a role that can be given'],
    ['<script>', 'is not a role that can be given'],
  ])('refuses the role %s with 400', async (role, message) => {
    const folder = newFolder();
    const error = await folder.addUser('carol', 'carol password', [role]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toContain(message);
    expect(folder.userNames()).toEqual([]);
  });

  it('authenticates the right password only', async () => {
    const folder = newFolder();
    await folder.addUser('dave', 'dave password');
    await expect(folder.authenticate('dave', 'dave password')).resolves.toBe(
      folder.getUser('dave'),
    );
    await expect(folder.authenticate('dave', 'wrong password')).resolves.toBeUndefined();
    await expect(folder.authenticate('Dave', 'dave password')).resolves.toBeUndefined();
  });

  it('M-20: checks an unknown user against a dummy hash with the same cost', async () => {
    const folder = newFolder();
    await folder.addUser('erin', 'erin password');
    const spy = jest.spyOn(crypto, 'scrypt');
    try {
      await expect(folder.authenticate('nobody', 'some password')).resolves.toBeUndefined();
      await expect(folder.authenticate('erin', 'some password')).resolves.toBeUndefined();
      expect(spy).toHaveBeenCalledTimes(2);
      const [unknown, known] = spy.mock.calls;
      expect(unknown?.[3]).toEqual(known?.[3]);
      expect(unknown?.[2]).toBe(known?.[2]);
    } finally {
      spy.mockRestore();
    }
  });

  it('changes passwords and revokes tickets (bumps the ticket version)', async () => {
    const folder = newFolder();
    await folder.addUser('frank', 'frank password');
    const changed = await folder.changePassword('frank', 'frank new password');
    expect(changed.ticketVersion).toBe(1);
    await expect(folder.authenticate('frank', 'frank password')).resolves.toBeUndefined();
    await expect(folder.authenticate('frank', 'frank new password')).resolves.toBe(changed);
    expect(folder.revokeTickets('frank').ticketVersion).toBe(2);
  });

  it('sets roles and domains, deletes users, and answers 404 for unknown ones', async () => {
    const folder = newFolder();
    await folder.addUser('grace', 'grace password', ['Manager']);
    expect(folder.setRoles('grace', ['Owner']).roles).toEqual(['Owner']);
    expect(folder.hasManager()).toBe(false);
    expect(folder.setDomains('grace', ['10.0.*.*']).allowsAddress('::ffff:10.0.3.4')).toBe(true);
    expect(folder.getUser('grace')?.allowsAddress('192.168.1.1')).toBe(false);
    expect(() => folder.setDomains('grace', ['example.com/x'])).toThrow(BadRequestError);
    folder.deleteUser('grace');
    expect(folder.userNames()).toEqual([]);
    expect(() => folder.deleteUser('grace')).toThrow(NotFoundError);
    expect(() => folder.setRoles('nobody', [])).toThrow(NotFoundError);
    await expect(folder.changePassword('nobody', 'a password!')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('upgrades hashes made with older parameters', async () => {
    const folder = new UserFolder({ scrypt: { N: 512, r: 8, p: 1 } });
    const old = await folder.addUser('heidi', 'heidi password');
    folder.setScryptParameters(FAST);
    expect(folder.needsRehash(old)).toBe(true);
    const upgraded = await folder.upgradePasswordHash('heidi', 'heidi password');
    expect(folder.needsRehash(upgraded)).toBe(false);
    expect(upgraded.ticketVersion).toBe(old.ticketVersion);
    await expect(folder.authenticate('heidi', 'heidi password')).resolves.toBe(upgraded);
  });

  it('keeps the password hash out of JSON', async () => {
    const folder = newFolder();
    const user = await folder.addUser('ivan', 'ivan password', ['Owner']);
    expect(JSON.stringify(user)).not.toContain('scrypt');
  });

  it('is stored and loaded with its users (a Map of User records)', async () => {
    const db = await Database.open(new MemoryStorage(), { rootFactory: () => new Application() });
    const tm = new TransactionManager();
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<Application>();
      const folder = await root.setObject('acl_users', newFolder());
      await folder.addUser('judy', 'judy password', ['Manager']);
    });
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<Application>();
      const folder = (await root.get('acl_users')) as UserFolder;
      const judy = folder.getUser('judy');
      expect(judy).toBeInstanceOf(User);
      expect(judy?.roles).toEqual(['Manager']);
      await expect(folder.authenticate('judy', 'judy password')).resolves.toBe(judy);
      folder.setRoles('judy', ['Owner']);
    });
    await tm.run(async (txn) => {
      const root = await (await txn.open(db)).root<Application>();
      const folder = (await root.get('acl_users')) as UserFolder;
      expect(folder.getUser('judy')?.roles).toEqual(['Owner']);
    });
    await db.close();
  });
});
