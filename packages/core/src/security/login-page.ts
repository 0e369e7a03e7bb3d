import { escapeHtml } from '../errors/escape-html';
import { CSRF_FIELD } from './csrf';

/** What {@link renderLoginPage} shows. */
export interface LoginPageOptions {
  /** The URL the form posts to (the root's `login` view). */
  action: string;
  /** The CSRF token for the form (see `csrfToken`). */
  csrfToken: string;
  /** Where to go after logging in (a safe same-origin path, or `''`). */
  cameFrom?: string;
  /** The user name to fill in. */
  userName?: string;
  /** A message above the form (an error or a hint). */
  message?: string;
  /** Who is logged in already, if anyone. */
  loggedInAs?: string;
  /** The URL of the logout view, shown with `loggedInAs`. */
  logoutAction?: string;
  /** The CSRF token for the logout form (when `loggedInAs`). */
  logoutCsrfToken?: string;
}

/**
 * The login page: a small, fully escaped HTML form (name, password, `came_from`, CSRF token) that
 * needs no script or style sheet, so it works under the ZMI's `default-src 'self'` policy. The
 * ZMI may restyle it; its field names are the contract of the `login` view.
 *
 * @example
 * ```ts
 * ctx.body = renderLoginPage({ action: '/login', csrfToken: csrfToken(ctx), cameFrom: '/docs/' });
 * ```
 */
export function renderLoginPage(options: LoginPageOptions): string {
  const e = escapeHtml;
  const message =
    options.message === undefined
      ? ''
      : `\n<p class="message" role="alert">${e(options.message)}</p>`;
  const current =
    options.loggedInAs === undefined
      ? ''
      : `\n<p>You are logged in as <strong>${e(options.loggedInAs)}</strong>.</p>` +
        (options.logoutAction === undefined || options.logoutCsrfToken === undefined
          ? ''
          : `\n<form method="post" action="${e(options.logoutAction)}">` +
            `<input type="hidden" name="${CSRF_FIELD}" value="${e(options.logoutCsrfToken)}">` +
            `<button type="submit">Log out</button></form>`);
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<meta name="referrer" content="same-origin">\n<title>Log in · Zoa</title>\n</head>\n' +
    `<body>\n<main class="login">\n<h1>Log in</h1>${message}${current}\n` +
    `<form method="post" action="${e(options.action)}">\n` +
    `<input type="hidden" name="${CSRF_FIELD}" value="${e(options.csrfToken)}">\n` +
    `<input type="hidden" name="came_from" value="${e(options.cameFrom ?? '')}">\n` +
    '<p><label for="zoa-login-name">User name</label><br>\n' +
    '<input id="zoa-login-name" name="name" autocomplete="username" required autofocus' +
    ` value="${e(options.userName ?? '')}"></p>\n` +
    '<p><label for="zoa-login-password">Password</label><br>\n' +
    '<input id="zoa-login-password" name="password" type="password" ' +
    'autocomplete="current-password" required></p>\n' +
    '<p><button type="submit">Log in</button></p>\n</form>\n</main>\n</body>\n</html>\n'
  );
}
