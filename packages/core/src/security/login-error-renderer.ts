import type { Context } from 'koa';
import type { ErrorResponse } from '../publisher/error-response';
import { errorHtml } from '../publisher/error-response';
import type { PublisherContext } from '../publisher/interfaces';
import { findRequestSecurity } from './request-security';
import { safeRedirectPath } from './safe-redirect-path';
import { showLoginPage } from './security-views';

/** The `renderHtml` option of the publisher's `errorHandler`. */
export type HtmlErrorRenderer = (response: ErrorResponse, ctx: Context) => string;

/**
 * An HTML error renderer that shows the login form for a 401 (how browsers end on the login
 * page): when the security policy answered `'unauthenticated'` to an HTML request (no
 * `WWW-Authenticate` challenge), the page is the login form, with `came_from` set to the
 * requested URL for GET/HEAD requests. The status stays 401 and the URL stays the same; after
 * logging in, the browser is sent back (303). Every other error goes to `fallback`.
 *
 * @example
 * ```ts
 * koa.use(errorHandler({ devMode, logger, renderHtml: loginErrorRenderer() }));
 * koa.use(publisher({ app }));
 * ```
 */
export function loginErrorRenderer(fallback: HtmlErrorRenderer = errorHtml): HtmlErrorRenderer {
  if (typeof fallback !== 'function')
    throw new TypeError('loginErrorRenderer: fallback must be a function');
  return function renderLoginOn401(response, ctx) {
    const challenged = Object.keys(response.headers).some((name) =>
      /^www-authenticate$/i.test(name),
    );
    const security = findRequestSecurity(ctx);
    const zoa = (ctx as Partial<PublisherContext>).zoa;
    if (response.status !== 401 || challenged || security === undefined || zoa === undefined) {
      return fallback(response, ctx);
    }
    const retrievable = ctx.method === 'GET' || ctx.method === 'HEAD';
    const cameFrom = retrievable ? safeRedirectPath(ctx.originalUrl, '') : '';
    return showLoginPage(ctx as unknown as PublisherContext, {
      cameFrom,
      message: 'Please log in to continue.',
    });
  };
}
