import { BadRequestError, NotFoundError } from '../errors';
import { classRegistry } from '../persistence/class-registry';
import { Item } from '../tree/item';
import { checkPassword, checkUserName, quoteForMessage } from './check-user-name';
import type { ScryptParameters } from './password-hash';
import {
  checkScryptParameters,
  dummyPasswordHash,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  needsRehash,
  OWASP_SCRYPT_PARAMETERS,
  verifyPassword,
} from './password-hash';
import { isAssignableRole, MANAGER_ROLE } from './roles';
import { User } from './user';

/** The id of the user folder in the root (Zope's name). */
export const USER_FOLDER_ID = 'acl_users';

/** Options of {@link UserFolder}'s constructor. */
export interface UserFolderOptions {
  /** Default `acl_users`. */
  id?: string;
  title?: string;
  /** Parameters for new hashes (default OWASP's); stored with the folder, raise them any time. */
  scrypt?: ScryptParameters;
}

/** Options of {@link UserFolder.addUser}. */
export interface AddUserOptions {
  /** Addresses the user may log in from (see {@link User.allowsAddress}); default anywhere. */
  domains?: readonly string[];
}

/**
 * The user folder (Zope's `acl_users`, meta type "User Folder"): the site's users with their
 * password hashes and roles, kept in a Map inside the folder's record (never as properties, so a
 * user named `__proto__` is just a key — T-17). It lives at `/acl_users` in the root. Methods
 * expect an activated folder (as containers hand them out). Setters validate their input and
 * throw `BadRequestError` (400) with an escaped message.
 *
 * @example
 * ```ts
 * const users = await root.setObject('acl_users', new UserFolder());
 * await users.addUser('alice', 'a long passphrase', ['Manager']);
 * const alice = await users.authenticate('alice', 'a long passphrase'); // User | undefined
 * ```
 */
export class UserFolder extends Item {
  static override readonly metaType: string = 'User Folder';
  static override readonly icon: string = 'user-folder.svg';

  /** Parameters new password hashes are made with. */
  scrypt: ScryptParameters;
  /** The users by name. */
  private users: Map<string, User> = new Map();

  constructor(options: UserFolderOptions = {}) {
    super(options.id ?? USER_FOLDER_ID, options.title ?? 'User Folder');
    this.scrypt = { ...checkScryptParameters(options.scrypt ?? OWASP_SCRYPT_PARAMETERS) };
  }

  /** The user named `name` (NFC-normalized), or undefined. */
  getUser(name: string): User | undefined {
    return typeof name === 'string' ? this.users.get(name.normalize('NFC')) : undefined;
  }

  /** The user names, sorted. */
  userNames(): string[] {
    return [...this.users.keys()].sort();
  }

  /** The users, sorted by name. */
  getUsers(): User[] {
    return this.userNames().map((name) => this.users.get(name) as User);
  }

  /** How many users. */
  get userCount(): number {
    return this.users.size;
  }

  /** True when at least one user has the Manager role. */
  hasManager(): boolean {
    for (const user of this.users.values()) if (user.roles.includes(MANAGER_ROLE)) return true;
    return false;
  }

  /**
   * Adds a user with a new password hash.
   *
   * @throws BadRequestError for a bad or taken name, a short password, or a bad role or domain
   */
  async addUser(
    name: string,
    password: string,
    roles: readonly string[] = [],
    options: AddUserOptions = {},
  ): Promise<User> {
    const checked = checkUserName(name);
    if (this.users.has(checked)) {
      throw new BadRequestError(`A user named ${quoteForMessage(checked)} already exists`);
    }
    const user = new User({
      name: checked,
      passwordHash: await hashPassword(checkPassword(password), this.scrypt),
      roles: checkRoles(roles),
      domains: checkDomains(options.domains ?? []),
      ticketVersion: 0,
    });
    this.store(user);
    return user;
  }

  /**
   * Sets a new password and revokes the user's login tickets.
   *
   * @throws NotFoundError for an unknown user; BadRequestError for a short password
   */
  async changePassword(name: string, password: string): Promise<User> {
    const user = this.require(name);
    const passwordHash = await hashPassword(checkPassword(password), this.scrypt);
    return this.store(user.with({ passwordHash, ticketVersion: user.ticketVersion + 1 }));
  }

  /**
   * Replaces the user's roles (the change applies to their next request).
   *
   * @throws NotFoundError for an unknown user; BadRequestError for a bad role
   */
  setRoles(name: string, roles: readonly string[]): User {
    return this.store(this.require(name).with({ roles: checkRoles(roles) }));
  }

  /**
   * Replaces the addresses the user may log in from (empty: anywhere).
   *
   * @throws NotFoundError for an unknown user; BadRequestError for a bad pattern
   */
  setDomains(name: string, domains: readonly string[]): User {
    return this.store(this.require(name).with({ domains: checkDomains(domains) }));
  }

  /**
   * Deletes a user; their tickets die with them.
   *
   * @throws NotFoundError for an unknown user
   */
  deleteUser(name: string): void {
    this.users.delete(this.require(name).name);
    this.markChanged();
  }

  /**
   * The user when `password` is theirs, else undefined. Unknown users are checked against a
   * dummy hash with the folder's parameters, so the time taken does not tell who exists (M-20).
   * Reads only: rehashing after a parameter change is {@link upgradePasswordHash}'s job.
   */
  async authenticate(name: string, password: string): Promise<User | undefined> {
    if (typeof password !== 'string' || password.length > MAX_PASSWORD_LENGTH) return undefined;
    const user = this.getUser(name);
    const ok = await verifyPassword(password, user?.passwordHash ?? dummyPasswordHash(this.scrypt));
    return ok ? user : undefined;
  }

  /** True when the user's hash was made with other parameters than the folder's current ones. */
  needsRehash(user: User): boolean {
    return needsRehash(user.passwordHash, this.scrypt);
  }

  /**
   * Rehashes a (just verified) password with the current parameters; tickets stay valid.
   *
   * @throws NotFoundError for an unknown user
   */
  async upgradePasswordHash(name: string, password: string): Promise<User> {
    const user = this.require(name);
    return this.store(user.with({ passwordHash: await hashPassword(password, this.scrypt) }));
  }

  /**
   * Revokes every login ticket the user holds (logout, "log out everywhere").
   *
   * @throws NotFoundError for an unknown user
   */
  revokeTickets(name: string): User {
    const user = this.require(name);
    return this.store(user.with({ ticketVersion: user.ticketVersion + 1 }));
  }

  /**
   * Sets the parameters of new hashes (existing ones are upgraded at their next login).
   *
   * @throws TypeError for bad parameters
   */
  setScryptParameters(params: ScryptParameters): void {
    this.scrypt = { ...checkScryptParameters(params) };
    this.markChanged();
  }

  private require(name: string): User {
    const user = this.getUser(name);
    if (user === undefined) {
      throw new NotFoundError(`There is no user named ${quoteForMessage(String(name))}`);
    }
    return user;
  }

  private store(user: User): User {
    this.users.set(user.name, user);
    this.markChanged();
    return user;
  }
}

classRegistry.register('UserFolder', UserFolder);

function checkRoles(roles: readonly string[]): string[] {
  if (!Array.isArray(roles)) throw new BadRequestError('Roles must be a list');
  for (const role of roles) {
    if (!isAssignableRole(role)) {
      throw new BadRequestError(`${quoteForMessage(String(role))} is not a role that can be given`);
    }
  }
  return [...new Set(roles)].sort();
}

const ADDRESS_PATTERN = /^(?:(?:\d{1,3}|\*)(?:\.(?:\d{1,3}|\*)){3}|[0-9a-fA-F:]{2,39})$/;

function checkDomains(domains: readonly string[]): string[] {
  if (!Array.isArray(domains)) throw new BadRequestError('Domains must be a list');
  for (const domain of domains) {
    if (typeof domain !== 'string' || !ADDRESS_PATTERN.test(domain)) {
      throw new BadRequestError(
        `${quoteForMessage(String(domain))} is not an IP address or pattern`,
      );
    }
  }
  return [...new Set(domains)];
}
