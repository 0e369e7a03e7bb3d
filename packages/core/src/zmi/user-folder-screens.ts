import { BadRequestError } from '../errors';
import type { PublisherContext } from '../publisher/interfaces';
import { MANAGE_USERS } from '../security/permission-registry';
import { findRequestSecurity, principalOf } from '../security/request-security';
import { AUTOMATIC_ROLES, BUILTIN_ROLES } from '../security/roles';
import { UserFolder } from '../security/user-folder';
import { attemptAction } from './form-error';
import type { ManageScreenRegistrar } from './manage-screen';
import { registerManageScreen } from './manage-screen';
import { seeOther } from './see-other';
import { renderZmiPage, urlOf } from './zmi-page';

type Result = string | Record<string, unknown>;
type Failure = { error: string; status: number };

/**
 * Registers the user folder's screens (all need Manage users): the Users tab (`manage_main`:
 * names, roles, allowed addresses; delete), `manage_addUserForm` / `manage_addUser` (name,
 * password twice, roles, addresses one per line), `manage_userForm?name=` with
 * `manage_setUserRoles` and `manage_changePassword` (which logs the user out everywhere), and
 * `manage_delUsers`. The folder keeps at least one Manager, and nobody deletes themselves.
 *
 * @example
 * ```ts
 * registerUserFolderScreens(viewRegistry);
 * ```
 */
export function registerUserFolderScreens(views: ManageScreenRegistrar): void {
  const screen = (
    name: string,
    handler: (ctx: PublisherContext, users: UserFolder) => Promise<Result>,
    tab?: { label: string; order: number },
  ): void => {
    registerManageScreen(views, UserFolder, {
      name,
      permission: MANAGE_USERS,
      ...(tab === undefined ? {} : { tab }),
      handler,
    });
  };
  const action = (
    name: string,
    handler: (ctx: PublisherContext, users: UserFolder) => Promise<Result>,
  ): void => {
    registerManageScreen(views, UserFolder, {
      name,
      methods: ['POST'],
      permission: MANAGE_USERS,
      handler,
    });
  };
  screen('manage_main', (ctx, users) => showUsers(ctx, users), { label: 'Users', order: 10 });
  screen('manage_addUserForm', (ctx, users) => showAddUser(ctx, users));
  screen('manage_userForm', (ctx, users) =>
    showUser(ctx, users, ctx.zoa.query.requireString('name')),
  );
  action('manage_addUser', addUser);
  action('manage_setUserRoles', setUserRoles);
  action('manage_changePassword', changePassword);
  action('manage_delUsers', deleteUsers);
}

/** The roles that may be given: the policy's known roles without the automatic ones. */
function assignableRoles(ctx: PublisherContext): string[] {
  const known = findRequestSecurity(ctx)?.policy.options.permissions.roles() ?? [...BUILTIN_ROLES];
  return known.filter((role) => !AUTOMATIC_ROLES.has(role)).sort();
}

function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\r\n,]+/)
    .map((line) => line.trim())
    .filter(Boolean);
}

function showUsers(ctx: PublisherContext, users: UserFolder, failure?: Failure): Promise<string> {
  const me = principalOf(ctx)?.name;
  const rows = users.getUsers().map((user) => ({
    name: user.name,
    roles: user.roles.join(', '),
    domains: user.domains.join(', '),
    self: user.name === me,
  }));
  const options = failure === undefined ? {} : { error: failure.error, status: failure.status };
  return renderZmiPage(ctx, users, 'zmi/users.njk', { rows }, options);
}

function showAddUser(
  ctx: PublisherContext,
  users: UserFolder,
  values = { name: '', roles: [] as string[], domains: '' },
  failure?: Failure,
): Promise<string> {
  const options = failure === undefined ? {} : { error: failure.error, status: failure.status };
  return renderZmiPage(
    ctx,
    users,
    'zmi/user-add.njk',
    { values, roles: assignableRoles(ctx) },
    { tab: 'manage_main', title: 'Add user', ...options },
  );
}

function showUser(
  ctx: PublisherContext,
  users: UserFolder,
  name: string,
  failure?: Failure,
): Promise<string> {
  const user = users.getUser(name);
  if (user === undefined) throw new BadRequestError(`There is no user named "${name}".`);
  const options = failure === undefined ? {} : { error: failure.error, status: failure.status };
  return renderZmiPage(
    ctx,
    users,
    'zmi/user-edit.njk',
    {
      user: { name: user.name, roles: user.roles, domains: user.domains.join('\n') },
      roles: assignableRoles(ctx),
      self: principalOf(ctx)?.name === user.name,
    },
    { tab: 'manage_main', title: user.name, ...options },
  );
}

function checkConfirmation(password: string, confirm: string): void {
  if (password !== confirm) throw new BadRequestError('The two passwords do not match.');
}

async function addUser(ctx: PublisherContext, users: UserFolder): Promise<Result> {
  const form = ctx.zoa.form;
  const name = (form.getString('name') ?? '').trim();
  const roles = form.getAll('roles');
  const domains = form.getString('domains') ?? '';
  const outcome = await attemptAction(ctx, async () => {
    checkConfirmation(form.getString('password') ?? '', form.getString('confirm') ?? '');
    await users.addUser(name, form.getString('password') ?? '', roles, { domains: lines(domains) });
  });
  if (!outcome.ok) return showAddUser(ctx, users, { name, roles, domains }, outcome);
  return seeOther(ctx, users, 'manage_main', { message: `Added the user "${name}".` });
}

async function setUserRoles(ctx: PublisherContext, users: UserFolder): Promise<Result> {
  const form = ctx.zoa.form;
  const name = form.requireString('name');
  const outcome = await attemptAction(ctx, () => {
    users.setRoles(name, form.getAll('roles'));
    users.setDomains(name, lines(form.getString('domains')));
    if (!users.hasManager()) {
      throw new BadRequestError('The site needs at least one user with the Manager role.');
    }
  });
  if (!outcome.ok) return showUser(ctx, users, name, outcome);
  return seeOther(ctx, users, 'manage_main', { message: `Saved the roles of "${name}".` });
}

async function changePassword(ctx: PublisherContext, users: UserFolder): Promise<Result> {
  const form = ctx.zoa.form;
  const name = form.requireString('name');
  const password = form.getString('password') ?? '';
  const outcome = await attemptAction(ctx, async () => {
    checkConfirmation(password, form.getString('confirm') ?? '');
    await users.changePassword(name, password);
  });
  if (!outcome.ok) return showUser(ctx, users, name, outcome);
  if (principalOf(ctx)?.name === name) {
    // the change revoked this login too: go and log in with the new password
    const root = urlOf(ctx, ctx.zoa.root).replace(/\/$/, '');
    ctx.status = 303;
    ctx.set(
      'Location',
      `${root}/login_form?came_from=${encodeURIComponent(`${urlPath(ctx, users)}/manage_main`)}`,
    );
    return 'See Other';
  }
  return seeOther(ctx, users, 'manage_main', {
    message: `Changed the password of "${name}"; their logins were ended.`,
  });
}

async function deleteUsers(ctx: PublisherContext, users: UserFolder): Promise<Result> {
  const names = ctx.zoa.form.getAll('names');
  if (names.length === 0)
    return seeOther(ctx, users, 'manage_main', { error: 'Select users to delete.' });
  const outcome = await attemptAction(ctx, () => {
    if (names.includes(principalOf(ctx)?.name ?? '')) {
      throw new BadRequestError('You cannot delete yourself.');
    }
    for (const name of names) users.deleteUser(name);
    if (!users.hasManager()) {
      throw new BadRequestError('The site needs at least one user with the Manager role.');
    }
  });
  if (!outcome.ok) return showUsers(ctx, users, outcome);
  return seeOther(ctx, users, 'manage_main', {
    message: `Deleted ${names.length} user${names.length === 1 ? '' : 's'}.`,
  });
}

/** The object's URL path (for `came_from`, which must be a same-origin path). */
function urlPath(ctx: PublisherContext, obj: object): string {
  const url = urlOf(ctx, obj);
  return url.startsWith(ctx.zoa.baseUrl) ? url.slice(ctx.zoa.baseUrl.length) || '/' : url;
}
