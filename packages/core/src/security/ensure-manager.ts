import { randomBytes } from 'node:crypto';
import { BadRequestError } from '../errors';
import { quoteForMessage } from './check-user-name';
import { MANAGER_ROLE } from './roles';
import type { UserFolderOptions } from './user-folder';
import { USER_FOLDER_ID, UserFolder } from './user-folder';

/** What {@link findUserFolder} and {@link ensureManager} need of the root (an `Application`). */
export interface UserFolderContainer {
  /** The child `id` (activated), or undefined. */
  get(id: string): Promise<unknown> | unknown;
  /** Adds a child (an `ObjectManager`'s `setObject`). */
  setObject?(id: string, obj: UserFolder): Promise<unknown>;
  /** Protects a child id from delete, cut and rename (`ObjectManager.reserveName`; idempotent). */
  reserveName?(id: string): void;
}

/** Options of {@link ensureManager}. */
export interface EnsureManagerOptions {
  /** The Manager's name (default `admin`). */
  name?: string;
  /** The password; when omitted one is generated and returned (M-23). */
  password?: string;
  /** Options of the user folder when it has to be created (scrypt parameters, ...). */
  userFolder?: UserFolderOptions;
}

/** What {@link ensureManager} did. */
export interface EnsureManagerResult {
  /** True when a Manager was created; false when one existed already. */
  readonly created: boolean;
  /** The created Manager's name, or the first existing Manager's. */
  readonly name: string;
  /** The generated password, to be shown once; undefined when given or nothing was created. */
  readonly generatedPassword?: string;
}

/**
 * The user folder of the site: the root's `acl_users` child, activated, when it is a
 * {@link UserFolder}; else undefined.
 *
 * @example
 * ```ts
 * const users = await findUserFolder(ctx.zoa.root);
 * ```
 */
export async function findUserFolder(root: object): Promise<UserFolder | undefined> {
  const get = (root as Partial<UserFolderContainer>).get;
  if (typeof get !== 'function') return undefined;
  const found: unknown = await get.call(root, USER_FOLDER_ID);
  if (!(found instanceof UserFolder)) return undefined;
  return found.activate();
}

/**
 * A password from 18 random bytes (144 bits), as 24 base64url characters.
 *
 * @example
 * ```ts
 * generatePassword(); // 'q3Vb2m9X-kzT0cY1fGhJ7w_a'
 * ```
 */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Makes sure the site has a Manager, without any default password (M-23): when no user of the
 * root's user folder has the Manager role, creates the user folder if needed (and reserves its
 * id) and adds a Manager with the given password, or with a generated one that it returns for
 * the caller to print once. Used on first start and by `zoa adduser`. Call it inside a
 * transaction that is then committed.
 *
 * @throws BadRequestError when the name is taken by a user who is not a Manager, or for a bad
 * name or password; TypeError when the root cannot hold a user folder
 * @example
 * ```ts
 * const result = await ensureManager(root);
 * if (result.generatedPassword) console.log(`Manager ${result.name}: ${result.generatedPassword}`);
 * ```
 */
export async function ensureManager(
  root: UserFolderContainer,
  options: EnsureManagerOptions = {},
): Promise<EnsureManagerResult> {
  let folder = await findUserFolder(root);
  if (folder === undefined) {
    if (typeof root.setObject !== 'function') {
      throw new TypeError('ensureManager: the root cannot hold a user folder (no setObject)');
    }
    if ((await root.get(USER_FOLDER_ID)) !== undefined) {
      throw new TypeError(`ensureManager: the root's ${USER_FOLDER_ID} is not a UserFolder`);
    }
    folder = new UserFolder(options.userFolder);
    await root.setObject(USER_FOLDER_ID, folder);
  }
  root.reserveName?.(USER_FOLDER_ID);
  if (folder.hasManager()) {
    const manager = folder.getUsers().find((user) => user.roles.includes(MANAGER_ROLE));
    return { created: false, name: manager?.name ?? '' };
  }
  const name = options.name ?? 'admin';
  if (folder.getUser(name) !== undefined) {
    throw new BadRequestError(
      `The user ${quoteForMessage(name)} exists but is not a Manager; choose another name`,
    );
  }
  const password = options.password ?? generatePassword();
  await folder.addUser(name, password, [MANAGER_ROLE]);
  return {
    created: true,
    name: folder.getUser(name)?.name ?? name,
    ...(options.password === undefined ? { generatedPassword: password } : {}),
  };
}
