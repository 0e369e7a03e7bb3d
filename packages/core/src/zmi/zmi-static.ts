import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { NotFoundError } from '../errors';
import type { PublisherContext } from '../publisher/interfaces';
import { CORE_TEMPLATES_DIR } from './zmi-templates';

/** The view on the root class that serves the ZMI's CSS, script and icons. */
export const STATIC_VIEW = 'manage_static';

const STATIC_DIR = path.join(CORE_TEMPLATES_DIR, 'static');
const TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};
const FILE_NAME = /^[a-z0-9][a-z0-9_-]*(?:\/[a-z0-9][a-z0-9_-]*)*\.[a-z0-9]+$/;
const YEAR_SECONDS = 365 * 24 * 3600;

/** One static file, read once. */
interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

/** The static files by name (`zmi.css`, `icons/folder.svg`) and their common version. */
class StaticFiles {
  readonly files = new Map<string, StaticFile>();
  readonly version: string;

  constructor(dir: string) {
    const all = createHash('sha256');
    for (const name of listFiles(dir, '').sort()) {
      const type = TYPES[path.extname(name)];
      if (type === undefined || !FILE_NAME.test(name)) continue;
      const body = fs.readFileSync(path.join(dir, name));
      const digest = createHash('sha256').update(body).digest('base64url').slice(0, 16);
      this.files.set(name, { body, type, etag: `"${digest}"` });
      all.update(name).update('\0').update(body);
    }
    this.version = all.digest('hex').slice(0, 12);
  }
}

function listFiles(dir: string, prefix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) return listFiles(path.join(dir, entry.name), name);
    return entry.isFile() ? [name] : [];
  });
}

let loaded: StaticFiles | undefined;

function staticFiles(): StaticFiles {
  loaded ??= new StaticFiles(STATIC_DIR);
  return loaded;
}

/**
 * The version segment of static URLs: a hash of every static file, so a URL changes whenever a
 * file does and browsers may cache each URL for a year.
 *
 * @example
 * ```ts
 * `${rootUrl}/manage_static/${staticVersion()}/zmi.css`
 * ```
 */
export function staticVersion(): string {
  return staticFiles().version;
}

/**
 * True when core ships a static file of that name (such as `icons/folder.svg`).
 *
 * @example
 * ```ts
 * hasStaticFile('icons/folder.svg'); // true
 * ```
 */
export function hasStaticFile(name: string): boolean {
  return staticFiles().files.has(name);
}

/**
 * The `manage_static` view: `GET /manage_static/<version>/<file>` answers one of the files
 * under `templates/static` from memory, with its content type, `nosniff`, an ETag and, when
 * the version is the current one, `Cache-Control: public, max-age=31536000, immutable` (else
 * `no-cache`). Unknown names are 404; nothing outside the folder can be named.
 *
 * @throws NotFoundError (404) for an unknown file
 * @example
 * ```ts
 * views.register(Application, { name: STATIC_VIEW, permission: PUBLIC_PERMISSION,
 *   acceptsSubpath: true, handler: serveStatic });
 * ```
 */
export function serveStatic(ctx: PublisherContext): Buffer {
  const [version, ...rest] = ctx.zoa.subpath;
  const files = staticFiles();
  const file = files.files.get(rest.join('/'));
  if (version === undefined || file === undefined) throw new NotFoundError();
  ctx.type = file.type;
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  ctx.set(
    'Cache-Control',
    version === files.version ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache',
  );
  ctx.set('ETag', file.etag);
  return file.body;
}
