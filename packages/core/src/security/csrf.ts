import { ForbiddenError } from '../errors';
import type { PublisherContext, ViewHandler } from '../publisher/interfaces';
import type { RequestForm } from '../publisher/request-form';
import type { RequestSecurity } from './request-security';
import { requestSecurityOf } from './request-security';

/** The form field that carries the CSRF token. */
export const CSRF_FIELD = 'csrf_token';
/** The request header that may carry it instead (for `fetch` from ZMI pages). */
export const CSRF_HEADER = 'X-CSRF-Token';

const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The CSRF token to put in every form of this request's page (M-01): an HMAC, with the site's
 * keys, of what identifies the login — the login ticket's random nonce for a cookie login (so a
 * token dies with its login), the user name for HTTP Basic, and for anonymous visitors (the
 * login form, M-04) the nonce of a short-lived signed `__ac_csrf` cookie, which this call sets
 * when the request has no valid one. Call it only after the publisher authorized the request.
 *
 * @throws Error when the request was not authorized by a `SecurityPolicy`
 * @example
 * ```ts
 * `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(csrfToken(ctx))}">`
 * ```
 */
export function csrfToken(ctx: PublisherContext): string {
  const security = requestSecurityOf(ctx);
  const { policy } = security;
  let data = boundData(security);
  if (data === undefined) {
    const now = policy.options.clock.now();
    security.loginNonce ??=
      policy.cookies.readLoginNonce(ctx, now) ?? policy.cookies.writeLoginNonce(ctx, now);
    data = `csrf:login:${security.loginNonce}`;
  }
  return policy.sign(data);
}

/**
 * Refuses a state-changing request that may come from another site (M-01, M-02, M-04): 403 when
 * `Sec-Fetch-Site` is `cross-site`, or when the token (form field `csrf_token`, or the
 * `X-CSRF-Token` header) is missing or does not match the request's login. One exception:
 * requests authenticated with HTTP Basic that carry neither `Origin` nor `Sec-Fetch-Site` — that
 * is, not sent by a browser — need no token, so scripts keep working.
 *
 * @throws ForbiddenError (403); BadRequestError (400) when the token field is repeated
 * @example
 * ```ts
 * checkCsrf(ctx, ctx.zoa.form);
 * ```
 */
export function checkCsrf(ctx: PublisherContext, form: RequestForm = ctx.zoa.form): void {
  const site = ctx.get('Sec-Fetch-Site').toLowerCase();
  if (site === 'cross-site') throw new ForbiddenError('Cross-site requests cannot change anything');
  const security = requestSecurityOf(ctx);
  const token = form.getString(CSRF_FIELD) ?? (ctx.get(CSRF_HEADER) || undefined);
  const script = site === '' && ctx.get('Origin') === '';
  if (token === undefined && security.principal?.via === 'basic' && script) return;
  let data = boundData(security);
  if (data === undefined) {
    const nonce = security.policy.cookies.readLoginNonce(ctx, security.policy.options.clock.now());
    data = nonce === undefined ? undefined : `csrf:login:${nonce}`;
  }
  if (
    token === undefined ||
    !TOKEN.test(token) ||
    data === undefined ||
    !security.policy.verify(data, token)
  ) {
    throw new ForbiddenError(
      'The form has expired or was not sent from this site (missing or invalid CSRF token); reload it and try again',
    );
  }
}

/**
 * Wraps a state-changing view so that it runs only after {@link checkCsrf} passed. Every ZMI
 * POST view uses it; register such views with `methods: ['POST']` (M-03).
 *
 * @example
 * ```ts
 * views.register(Folder, {
 *   name: 'manage_delObjects',
 *   methods: ['POST'],
 *   permission: 'Delete objects',
 *   handler: requireCsrf(async (ctx, folder) => {
 *     await folder.delObjects(ctx.zoa.form.getAll('ids'));
 *   }),
 * });
 * ```
 */
export function requireCsrf<C extends object>(handler: ViewHandler<C>): ViewHandler<C> {
  if (typeof handler !== 'function') throw new TypeError('requireCsrf: a view handler is required');
  return function csrfProtected(ctx, context) {
    checkCsrf(ctx, ctx.zoa.form);
    return handler(ctx, context);
  };
}

/** What the token of a logged-in request is bound to; undefined for anonymous requests. */
function boundData(security: RequestSecurity): string | undefined {
  const { principal, ticket } = security;
  if (principal === undefined) return undefined;
  if (ticket !== undefined) return `csrf:ticket:${ticket.nonce}`;
  return `csrf:basic:${principal.name}`;
}
