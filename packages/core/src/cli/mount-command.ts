import { createMountPoints, listMountPoints } from '../config/mount-points';
import type { Command } from './main';
import { parseOptions } from './main';
import { withSite } from './open-site';

/**
 * `zoa mount`: lists the configured mount points with their state; `zoa mount <path>...` (or
 * `--all`) creates them — the once-only step after declaring a database in the configuration.
 */
export const mountCommand: Command = {
  usage: 'zoa mount [--config zoa.config.yaml] [--all | <path>...]',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      { config: { type: 'string', short: 'c' }, all: { type: 'boolean' } },
      true,
    );
    const creating = values.all === true || positionals.length > 0;
    await withSite(
      values.config,
      async (site) => {
        if (creating) {
          const created = await site.run((txn) =>
            createMountPoints(site, txn, values.all ? undefined : positionals),
          );
          for (const path of created) process.stdout.write(`created mount point ${path}\n`);
          if (created.length === 0) process.stdout.write('nothing to create\n');
        }
        const statuses = await site.run((txn) => listMountPoints(site, txn));
        for (const s of statuses) {
          const detail = s.detail ? ` (${s.detail})` : '';
          process.stdout.write(`${s.path}\t${s.databaseName}\t${s.label}${detail}\n`);
        }
      },
      { hintMissingMountPoints: !creating },
    );
    return 0;
  },
};
