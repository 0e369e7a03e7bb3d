import type { Context } from 'koa';
import type { ErrorResponse } from '../publisher/error-response';
import { errorHtml } from '../publisher/error-response';
import { setManagementHeaders } from '../security/management-headers';
import { messageText } from './form-error';
import { ZMI_CSP } from './zmi-page';
import { STATIC_VIEW, staticVersion } from './zmi-static';
import { zmiTemplates } from './zmi-templates';

/** A renderer of HTML error pages, as the publisher's `errorHandler` takes (`renderHtml`). */
export type ZmiHtmlErrorRenderer = (response: ErrorResponse, ctx: Context) => string;

const MANAGEMENT_SEGMENT = /(?:^|\/)(?:@@)?manage_[^/]*(?:\/|$)/;

/**
 * An HTML error renderer for the ZMI: errors of `manage_*` URLs (a refused action, a 403, a
 * missing screen) are shown in the ZMI's frame with the management headers (M-08, M-09: no
 * framing, `nosniff`, `no-store`, the ZMI's CSP) and the message escaped; every other error goes
 * to `fallback`. Put it behind the login renderer, which keeps answering 401s with the form.
 *
 * @example
 * ```ts
 * koa.use(errorHandler({ devMode, logger, renderHtml: loginErrorRenderer(zmiErrorRenderer()) }));
 * ```
 */
export function zmiErrorRenderer(fallback: ZmiHtmlErrorRenderer = errorHtml): ZmiHtmlErrorRenderer {
  if (typeof fallback !== 'function') {
    throw new TypeError('zmiErrorRenderer: fallback must be a function');
  }
  return function renderZmiError(response, ctx) {
    if (!MANAGEMENT_SEGMENT.test(ctx.path)) return fallback(response, ctx);
    setManagementHeaders(ctx);
    ctx.set('Content-Security-Policy', ZMI_CSP);
    const base = (ctx as { zoa?: { baseUrl?: unknown } }).zoa?.baseUrl;
    const rootUrl = typeof base === 'string' ? base : '';
    return zmiTemplates.render('zmi/error.njk', {
      site: {
        title: 'Zoa',
        url: rootUrl,
        staticUrl: `${rootUrl}/${STATIC_VIEW}/${staticVersion()}`,
        manageUrl: `${rootUrl}/manage_main`,
      },
      context: { icon: `${rootUrl}/${STATIC_VIEW}/${staticVersion()}/icons/broken.svg` },
      breadcrumbs: [],
      tabs: [],
      pageTitle: `${response.status} ${response.title}`,
      status: response.status,
      title: response.title,
      detail: response.message === response.title ? '' : messageText(response.message),
      stack: response.stack ?? '',
    });
  };
}
