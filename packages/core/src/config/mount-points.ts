import { BadRequestError } from '../errors';
import type { DatabaseSet } from '../persistence/database-set';
import type { Transaction } from '../persistence/transaction';
import type { Database } from '../persistence/database';
import { MountPoint } from '../tree/mount-point';
import { ObjectManager } from '../tree/object-manager';
import { resolvePath } from '../tree/resolve-path';
import { escapeHtml } from '../errors/escape-html';
import type { SiteConfig } from './site-config';

/** The state of one configured mount point (Zope's "ZODB Mount Point" add screen). */
export type MountPointState = 'ready' | 'ok' | 'in-the-way' | 'wrong-path' | 'error';

/** One configured mount point and its state. */
export interface MountPointStatus {
  /** The mount path, such as `/temp_folder`. */
  readonly path: string;
  /** The folder the mount point goes in, such as `/`. */
  readonly parentPath: string;
  /** The id of the database (its key in the configuration). */
  readonly databaseName: string;
  /** The database's human-readable name. */
  readonly title: string;
  readonly status: MountPointState;
  /** Zope's wording: "Ready to create", "Ok", "Something is in the way", ... */
  readonly label: string;
  /** Why, for `wrong-path`, `in-the-way` and `error`. */
  readonly detail: string | undefined;
}

/** What mount point management needs of a site. */
export interface MountPointSite {
  readonly config: SiteConfig;
  readonly databases: DatabaseSet;
  readonly rootDatabase: Database;
}

const LABELS: Record<MountPointState, string> = {
  ready: 'Ready to create',
  ok: 'Ok',
  'in-the-way': 'Something is in the way',
  'wrong-path': 'Set to wrong path',
  error: 'Error',
};

/**
 * Lists the mount points the configuration declares (every database but the main one) with
 * their state in the tree.
 *
 * @example
 * ```ts
 * const statuses = await site.run((txn) => listMountPoints(site, txn));
 * // [{ path: '/temp_folder', status: 'ready', label: 'Ready to create', ... }]
 * ```
 */
export async function listMountPoints(
  site: MountPointSite,
  txn: Transaction,
): Promise<MountPointStatus[]> {
  const root = await (await txn.open(site.rootDatabase)).root();
  const statuses: MountPointStatus[] = [];
  for (const db of site.config.databases.slice(1)) {
    const cut = db.mountPoint.lastIndexOf('/');
    const parentPath = db.mountPoint.slice(0, cut) || '/';
    const id = db.mountPoint.slice(cut + 1);
    const status = (state: MountPointState, detail?: string): MountPointStatus => ({
      path: db.mountPoint,
      parentPath,
      databaseName: db.id,
      title: db.name,
      status: state,
      label: LABELS[state],
      detail,
    });
    if (site.databases.failures.has(db.id)) {
      statuses.push(status('error', site.databases.whyMissing(db.id)));
      continue;
    }
    const parent = root instanceof ObjectManager ? await resolvePath(root, parentPath) : undefined;
    if (!(parent instanceof ObjectManager)) {
      statuses.push(status('wrong-path', `There is no folder at ${parentPath}`));
      continue;
    }
    const existing = await parent.get(id);
    if (existing === undefined) statuses.push(status('ready'));
    else if (existing instanceof MountPoint && existing.databaseName === db.id)
      statuses.push(status('ok'));
    else statuses.push(status('in-the-way', `${existing.describe()} is at ${db.mountPoint}`));
  }
  return statuses;
}

/**
 * Creates the mount points at `paths` (the once-only step after configuring a database), or
 * every ready one when `paths` is omitted. Returns the paths created.
 *
 * @throws BadRequestError naming a path that is not configured or not ready to create.
 */
export async function createMountPoints(
  site: MountPointSite,
  txn: Transaction,
  paths?: readonly string[],
): Promise<string[]> {
  const statuses = await listMountPoints(site, txn);
  const chosen = paths ?? statuses.filter((s) => s.status === 'ready').map((s) => s.path);
  const root = await (await txn.open(site.rootDatabase)).root();
  const created: string[] = [];
  for (const path of chosen) {
    const status = statuses.find((s) => s.path === path);
    if (!status)
      throw new BadRequestError(
        `No database is configured for the mount path ${escapeHtml(path)}.`,
      );
    if (status.status === 'ok') continue;
    if (status.status !== 'ready') {
      throw new BadRequestError(
        `Cannot create the mount point ${escapeHtml(path)}: ${status.label}. ${escapeHtml(status.detail ?? '')}`,
      );
    }
    const parent = (await resolvePath(root as ObjectManager, status.parentPath)) as ObjectManager;
    const id = path.slice(path.lastIndexOf('/') + 1);
    await parent.setObject(id, new MountPoint(id, status.databaseName, status.title));
    created.push(path);
  }
  return created;
}
