import fs from 'node:fs';
import path from 'node:path';
import { BadRequestError } from '../errors';
import type { Database } from '../persistence/database';
import type { PublisherContext } from '../publisher/interfaces';
import { registerPermission, VIEW_MANAGEMENT_SCREENS } from '../security/permission-registry';
import { hasPermission } from '../security/has-permission';
import { MANAGER_ROLE } from '../security/roles';
import { Application } from '../tree/application';
import { formatSize } from './format-size';
import type { ManageScreenRegistrar } from './manage-screen';
import { registerManageScreen } from './manage-screen';
import { seeOther } from './see-other';
import { renderZmiPage } from './zmi-page';
import { productsOf, zmiSiteOf } from './zmi-site';

/** Packing databases from the Control Panel. Default: Manager. */
export const MANAGE_DATABASES = 'Manage databases';

/** One database row of the Control Panel. */
interface DatabaseRow {
  readonly id: string;
  readonly name: string;
  readonly mountPoint: string;
  readonly storage: string;
  readonly objects: string;
  readonly size: string;
  readonly error: string;
  readonly open: boolean;
}

/**
 * Registers the Control Panel on the root (`/manage_controlPanel`, a tab of the root): the
 * databases (name, mount point, storage type, object count and size from `storage.stats()`,
 * a Pack button; a database that failed to open shows its error), server facts (Node.js,
 * uptime, memory, process id) and the installed products. `manage_pack` (POST `database`;
 * Manage databases) packs one database and reports how many objects it removed.
 *
 * @example
 * ```ts
 * registerControlPanelScreen(viewRegistry);
 * ```
 */
export function registerControlPanelScreen(views: ManageScreenRegistrar): void {
  registerPermission(MANAGE_DATABASES, [MANAGER_ROLE]);
  registerManageScreen(views, Application, {
    name: 'manage_controlPanel',
    permission: VIEW_MANAGEMENT_SCREENS,
    tab: { label: 'Control Panel', order: 80 },
    handler: async (ctx, root) =>
      renderZmiPage(ctx, root, 'zmi/control-panel.njk', {
        databases: await databaseRows(ctx),
        server: serverFacts(),
        products: productsOf(ctx)
          .products()
          .map((product) => ({ ...product, metaTypes: product.metaTypes.join(', ') })),
        canPack: hasPermission(ctx, MANAGE_DATABASES),
      }),
  });
  registerManageScreen(views, Application, {
    name: 'manage_pack',
    methods: ['POST'],
    permission: MANAGE_DATABASES,
    handler: async (ctx, root) => {
      const name = ctx.zoa.form.requireString('database');
      const db = ctx.zoa.app.databases.get(name);
      if (db === undefined) throw new BadRequestError(`There is no open database named "${name}".`);
      const started = Date.now();
      const { removed } = await db.pack();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      return seeOther(ctx, root, 'manage_controlPanel', {
        message: `Packed the database "${name}" in ${seconds} s: removed ${removed} object${removed === 1 ? '' : 's'}.`,
      });
    },
  });
}

async function databaseRows(ctx: PublisherContext): Promise<DatabaseRow[]> {
  const site = zmiSiteOf(ctx);
  const configured = site.config?.databases;
  const entries: { id: string; name: string; mountPoint: string; type: string }[] =
    Array.isArray(configured) && configured.length > 0
      ? configured.map((db) => ({
          id: db.id,
          name: db.name,
          mountPoint: db.mountPoint,
          type: db.storage.type,
        }))
      : [...site.databases.keys()].map((id, i) => ({
          id,
          name: id,
          mountPoint: i === 0 ? '/' : '',
          type: '',
        }));
  const rows: DatabaseRow[] = [];
  for (const entry of entries) {
    const db: Database | undefined = site.databases.get(entry.id);
    const failure = site.databases.failures?.get(entry.id);
    let objects = '';
    let size = '';
    let error = failure === undefined ? '' : String((failure as Error).message ?? failure);
    if (db !== undefined) {
      try {
        const stats = await db.storage.stats();
        objects = String(stats.objects);
        size = formatSize(stats.bytes);
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
      }
    }
    rows.push({
      id: entry.id,
      name: entry.name,
      mountPoint: entry.mountPoint,
      storage: entry.type || db?.storage.constructor.name || '',
      objects,
      size,
      error,
      open: db !== undefined,
    });
  }
  return rows;
}

let coreVersion: string | undefined;

function serverFacts(): Record<string, string> {
  coreVersion ??= readCoreVersion();
  const memory = process.memoryUsage();
  return {
    zoa: coreVersion,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    pid: String(process.pid),
    uptime: formatDuration(process.uptime()),
    rss: formatSize(memory.rss),
    heap: `${formatSize(memory.heapUsed)} of ${formatSize(memory.heapTotal)}`,
  };
}

function readCoreVersion(): string {
  try {
    const file = path.resolve(__dirname, '../../package.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : '';
  } catch {
    return '';
  }
}

/** `45 s`, `12 min`, `3 h 20 min`, `2 d 4 h`. */
function formatDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
