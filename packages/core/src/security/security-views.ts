import { ForbiddenError } from '../errors';
import type { HttpMethod, PublisherContext, ViewHandler } from '../publisher/interfaces';
import { checkCsrf, csrfToken } from './csrf';
import { renderLoginPage } from './login-page';
import { PUBLIC_PERMISSION } from './permission-registry';
import { requestSecurityOf } from './request-security';
import { safeRedirectPath } from './safe-redirect-path';
import { setManagementHeaders } from './management-headers';

/** The view that shows the login form (GET). */
export const LOGIN_FORM_VIEW = 'login_form';
/** The view the login form posts to. */
export const LOGIN_VIEW = 'login';
/** The view that logs out (POST). */
export const LOGOUT_VIEW = 'logout';

/** What {@link registerSecurityViews} needs: a `ViewRegistry` (or anything with its `register`). */
export interface ViewRegistrar {
  register(
    cls: abstract new (...args: never[]) => object,
    options: {
      name: string;
      methods?: readonly HttpMethod[];
      permission: string;
      handler: ViewHandler;
    },
  ): unknown;
}

/**
 * Registers the login views on the root class (usually `Application`), all public:
 * - `GET /login_form[?came_from=/path]`: the login form (with a CSRF token bound to a short-lived
 *   cookie, M-04);
 * - `POST /login` (`name`, `password`, `came_from`, `csrf_token`): checks the token, then the
 *   password (throttled: 429), and answers 303 to `came_from` when it is a same-origin path
 *   (M-16), else to `/manage_main`; a wrong password answers 401 with the form again;
 * - `POST /logout` (`csrf_token`): revokes the login ticket, expires the cookie, 303 to the form.
 *
 * @example
 * ```ts
 * registerSecurityViews(viewRegistry, Application);
 * ```
 */
export function registerSecurityViews(
  views: ViewRegistrar,
  RootClass: abstract new (...args: never[]) => object,
): void {
  views.register(RootClass, {
    name: LOGIN_FORM_VIEW,
    methods: ['GET'],
    permission: PUBLIC_PERMISSION,
    handler: (ctx) => {
      const cameFrom = safeRedirectPath(ctx.zoa.query.getString('came_from'), '', ctx.zoa.baseUrl);
      return showLoginPage(ctx, { cameFrom });
    },
  });
  views.register(RootClass, {
    name: LOGIN_VIEW,
    methods: ['POST'],
    permission: PUBLIC_PERMISSION,
    handler: login,
  });
  views.register(RootClass, {
    name: LOGOUT_VIEW,
    methods: ['POST'],
    permission: PUBLIC_PERMISSION,
    handler: logout,
  });
}

/**
 * Answers with the login page: management headers, HTML, the given status (default 200).
 * `loginErrorRenderer` uses it for 401s.
 */
export function showLoginPage(
  ctx: PublisherContext,
  options: { cameFrom?: string; message?: string; userName?: string; status?: number } = {},
): string {
  setManagementHeaders(ctx);
  if (options.status !== undefined) ctx.status = options.status;
  ctx.type = 'text/html; charset=utf-8';
  const root = rootUrl(ctx);
  const { principal } = requestSecurityOf(ctx);
  const token = csrfToken(ctx);
  return renderLoginPage({
    action: `${root}/${LOGIN_VIEW}`,
    csrfToken: token,
    cameFrom: options.cameFrom ?? '',
    ...(options.userName === undefined ? {} : { userName: options.userName }),
    ...(options.message === undefined ? {} : { message: options.message }),
    ...(principal?.via === 'ticket'
      ? {
          loggedInAs: principal.name,
          logoutAction: `${root}/${LOGOUT_VIEW}`,
          logoutCsrfToken: token,
        }
      : {}),
  });
}

async function login(ctx: PublisherContext): Promise<string | undefined> {
  const form = ctx.zoa.form;
  const name = form.getString('name') ?? '';
  const password = form.getString('password') ?? '';
  const cameFrom = safeRedirectPath(form.getString('came_from'), '', ctx.zoa.baseUrl);
  try {
    checkCsrf(ctx, form);
  } catch (error) {
    if (!(error instanceof ForbiddenError)) throw error;
    const message = 'Your login form has expired or came from another site. Please log in again.';
    return showLoginPage(ctx, { cameFrom, userName: name, message, status: 403 });
  }
  const { policy } = requestSecurityOf(ctx);
  const user = await policy.login(ctx, name, password);
  if (user === undefined) {
    const message = 'Login failed: wrong user name or password.';
    return showLoginPage(ctx, { cameFrom, userName: name, message, status: 401 });
  }
  setManagementHeaders(ctx);
  seeOther(ctx, cameFrom || policy.options.defaultCameFrom);
  return undefined;
}

async function logout(ctx: PublisherContext): Promise<undefined> {
  const security = requestSecurityOf(ctx);
  if (security.ticket !== undefined) checkCsrf(ctx, ctx.zoa.form);
  await security.policy.logout(ctx);
  setManagementHeaders(ctx);
  seeOther(ctx, `${rootUrl(ctx)}/${LOGIN_FORM_VIEW}`);
  return undefined;
}

function seeOther(ctx: PublisherContext, location: string): void {
  ctx.status = 303;
  ctx.set('Location', location);
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = 'See Other';
}

/** The root's URL without a trailing slash (`''` for an origin-relative `/`). */
function rootUrl(ctx: PublisherContext): string {
  let url: string;
  try {
    url = ctx.zoa.absoluteUrl(ctx.zoa.root);
  } catch {
    url = `${ctx.zoa.baseUrl}/`;
  }
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
