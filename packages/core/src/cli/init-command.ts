import fs from 'node:fs';
import path from 'node:path';
import type { Command } from './main';
import { parseOptions } from './main';
import { initSite } from './init-site';

/**
 * `zoa init <dir>`: creates a new site from the example site — its own package.json, a
 * configuration (SQLite + the temporary folder), a README and the first Manager, whose generated
 * password is printed once. Refuses a folder that is not empty.
 */
export const initCommand: Command = {
  usage: 'zoa init <dir> [--link-packages <folder with core, temporary-folder, sessions>]',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      { 'link-packages': { type: 'string' } },
      true,
    );
    const [dir] = positionals;
    if (dir === undefined || positionals.length !== 1) {
      throw new Error(`expected the folder to create\nusage: ${this.usage}`);
    }
    const link = values['link-packages'];
    const result = await initSite(path.resolve(dir), {
      ...(typeof link === 'string' ? { linkPackages: path.resolve(link) } : {}),
    });
    const shown = path.relative(process.cwd(), result.dir) || '.';
    process.stdout.write(
      [
        `Created a Zoa site in ${result.dir}`,
        '',
        'Next:',
        `  cd ${shown.includes(' ') ? JSON.stringify(shown) : shown} && npm install`,
        '  npm start',
        '',
        `Then open http://localhost:${result.port}/ — the ZMI is at http://localhost:${result.port}/manage_main`,
        `Log in as "${result.manager}" with the password ${result.password}`,
        '(shown once: note it, or set another with "npx zoa adduser").',
        '',
      ].join('\n'),
    );
    return fs.existsSync(result.dir) ? 0 : 1;
  },
};
