import type { Command } from './main';
import { parseOptions } from './main';
import { withSite } from './open-site';

/** `zoa pack`: removes unreachable objects and old revisions from every database. */
export const packCommand: Command = {
  usage: 'zoa pack [--config zoa.config.yaml]',
  async run(args) {
    const { values } = parseOptions(args, { config: { type: 'string', short: 'c' } });
    await withSite(values.config, async (site) => {
      for (const db of site.databases.values()) {
        const { removed } = await db.pack();
        process.stdout.write(`${db.name}: removed ${removed} unreachable object(s)\n`);
      }
    });
    return 0;
  },
};
