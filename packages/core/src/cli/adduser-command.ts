import { ensureManager, findUserFolder, generatePassword } from '../security/ensure-manager';
import { MANAGER_ROLE } from '../security/roles';
import { USER_FOLDER_ID, UserFolder } from '../security/user-folder';
import type { Command } from './main';
import { parseOptions } from './main';
import { withSite } from './open-site';

/**
 * `zoa adduser <name>`: adds a user (or resets an existing one) with the given roles (default
 * Manager). The password comes from `--password`, from the `ZOA_PASSWORD` environment variable,
 * or is generated and printed once (M-23: Zoa has no default password).
 */
export const adduserCommand: Command = {
  usage: 'zoa adduser <name> [--roles Manager,...] [--password <pw>] [--config zoa.config.yaml]',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        config: { type: 'string', short: 'c' },
        roles: { type: 'string' },
        password: { type: 'string' },
      },
      true,
    );
    const [name] = positionals;
    if (name === undefined || positionals.length !== 1) {
      throw new Error(`expected one user name\nusage: ${this.usage}`);
    }
    const roles =
      typeof values.roles === 'string'
        ? values.roles.split(',').map((role) => role.trim())
        : [MANAGER_ROLE];
    const given = typeof values.password === 'string' ? values.password : process.env.ZOA_PASSWORD;
    const password = given ?? generatePassword();
    await withSite(values.config, (site) =>
      site.run(async (txn) => {
        const root = await site.root(txn);
        let folder = await findUserFolder(root);
        if (!folder && roles.length === 1 && roles[0] === MANAGER_ROLE) {
          await ensureManager(root, { name, password }); // the user folder and its first Manager
          return;
        }
        if (!folder) {
          await root.setObject(USER_FOLDER_ID, new UserFolder());
          root.reserveName(USER_FOLDER_ID);
          folder = (await findUserFolder(root)) as UserFolder;
        }
        if (folder.getUser(name)) {
          folder.setRoles(name, roles);
          await folder.changePassword(name, password);
        } else {
          await folder.addUser(name, password, roles);
        }
      }),
    );
    process.stdout.write(`User "${name}" (${roles.join(', ')}) saved.\n`);
    if (given === undefined) process.stdout.write(`Password (shown once): ${password}\n`);
    return 0;
  },
};
