import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { ZoaError } from '../errors';

/** One `zoa` sub-command: its usage text and what it runs. */
export interface Command {
  readonly usage: string;
  run(args: string[]): Promise<number>;
}

// Commands load lazily, so `zoa --help` does not open SQLite or start Koa.
/* eslint-disable @typescript-eslint/no-require-imports */
const commands: Record<string, { summary: string; load: () => Command }> = {
  serve: {
    summary: 'Start the site: open the databases, run product startup, serve HTTP',
    load: () => (require('./serve-command') as typeof import('./serve-command')).serveCommand,
  },
  init: {
    summary: 'Create a new site from the example site',
    load: () => (require('./init-command') as typeof import('./init-command')).initCommand,
  },
  adduser: {
    summary: 'Add a user (a Manager by default) or reset its password and roles',
    load: () => (require('./adduser-command') as typeof import('./adduser-command')).adduserCommand,
  },
  pack: {
    summary: 'Remove unreachable objects and old revisions from the databases',
    load: () => (require('./pack-command') as typeof import('./pack-command')).packCommand,
  },
  mount: {
    summary: 'List configured mount points, or create them (the once-only step)',
    load: () => (require('./mount-command') as typeof import('./mount-command')).mountCommand,
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Runs the `zoa` command line; resolves to the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await main(['serve', '--config', 'zoa.config.yaml']);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(helpText());
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    process.stdout.write(`${(require('../../package.json') as { version: string }).version}\n`);
    return 0;
  }
  const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!entry) {
    process.stderr.write(`zoa: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  const command = entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${entry.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`zoa ${name}: ${message}\n`);
    if (
      !(error instanceof ZoaError) &&
      !(error instanceof TypeError && /parseArgs|option/i.test(message))
    ) {
      if (process.env.ZOA_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    }
    return 1;
  }
}

function helpText(): string {
  const lines = ['Usage: zoa <command> [options]', '', 'Commands:'];
  for (const [name, { summary }] of Object.entries(commands))
    lines.push(`  ${name.padEnd(9)} ${summary}`);
  lines.push('', 'Run "zoa <command> --help" for the options of a command.', '');
  return lines.join('\n');
}

/** Parses a command's options with node's `parseArgs` (strict: unknown options are errors). */
export function parseOptions(
  args: string[],
  options: ParseArgsConfig['options'],
  allowPositionals = false,
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const parsed = parseArgs({ args, options, allowPositionals, strict: true });
  return {
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals: parsed.positionals,
  };
}
