import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load-config';
import { Site } from '../config/site';
import { ensureManager } from '../security/ensure-manager';

/** Options of {@link initSite}. */
export interface InitSiteOptions {
  /** The site to copy (default: the example site shipped with `@zoa/core`, see below). */
  template?: string;
  /**
   * Depend on local package folders (`file:` links to `<folder>/core`, `.../temporary-folder`,
   * `.../sessions`) instead of the published versions — for offline use and for Zoa's own tests.
   */
  linkPackages?: string;
}

/** What {@link initSite} made. */
export interface InitSiteResult {
  readonly dir: string;
  readonly manager: string;
  /** The first Manager's generated password, to be shown once. */
  readonly password: string;
  readonly port: number;
}

const SKIPPED = new Set(['node_modules', 'var', 'dist', 'coverage', 'test']);
const PACKAGES = ['core', 'temporary-folder', 'sessions'];

/**
 * Creates a new site in `dir` from the example site: copies it (without node_modules, var/, dist/
 * and its tests), writes its own package.json, and creates the main database with a first
 * Manager whose password is generated (M-23).
 *
 * @throws Error when `dir` exists and is not empty.
 * @example
 * ```ts
 * const { password } = await initSite('/srv/mysite');
 * ```
 */
export async function initSite(
  dir: string,
  options: InitSiteOptions = {},
): Promise<InitSiteResult> {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new Error(`${dir} is not empty: choose a new or empty folder (nothing was changed)`);
  }
  const template = options.template ?? findSiteTemplate();
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(template, dir, {
    recursive: true,
    filter: (source) => !SKIPPED.has(path.basename(source)) || path.dirname(source) !== template,
  });
  writePackageJson(dir, options.linkPackages);
  const config = loadConfig(path.join(dir, 'zoa.config.yaml'));
  // Only the main database: products load on the first `zoa serve`, from the site's own install.
  const site = await Site.open({
    ...config,
    products: [],
    databases: config.databases.slice(0, 1),
  });
  try {
    const result = await site.run(async (txn) => ensureManager(await site.root(txn)));
    if (result.generatedPassword === undefined)
      throw new Error('the new site already had a Manager');
    return {
      dir,
      manager: result.name,
      password: result.generatedPassword,
      port: config.server.port,
    };
  } finally {
    await site.close();
  }
}

/** The example site: shipped in the package (`site-template/`) or, in Zoa's repository, examples/site. */
export function findSiteTemplate(): string {
  const packageDir = path.resolve(__dirname, '..', '..');
  const candidates = [
    path.join(packageDir, 'site-template'),
    path.resolve(packageDir, '..', '..', 'examples', 'site'),
  ];
  const found = candidates.find((candidate) =>
    fs.existsSync(path.join(candidate, 'zoa.config.yaml')),
  );
  if (!found) throw new Error(`cannot find the example site (looked in ${candidates.join(', ')})`);
  return found;
}

function writePackageJson(dir: string, linkPackages: string | undefined): void {
  const file = path.join(dir, 'package.json');
  const template = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    scripts?: Record<string, string>;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require('../../package.json') as { version: string };
  const dependencies: Record<string, string> = {};
  for (const name of PACKAGES) {
    dependencies[`@zoa/${name}`] = linkPackages
      ? `file:${path.join(linkPackages, name)}`
      : `^${version}`;
  }
  const name =
    path
      .basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'zoa-site';
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    description: 'A Zoa site',
    scripts: { start: template.scripts?.start ?? 'zoa serve' },
    dependencies,
  };
  fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}
