import type { PublisherContext } from '../publisher/interfaces';
import { ERROR_PARAM, MESSAGE_PARAM, urlOf } from './zmi-page';

/** Options of {@link seeOther}. */
export interface SeeOtherOptions {
  /** The status message to show on the next screen. */
  message?: string;
  /** An error message instead. */
  error?: string;
  /** More query parameters (paging, the type of an add form, ...). */
  query?: Readonly<Record<string, string>>;
}

/**
 * Ends a ZMI action the Post/Redirect/Get way: 303 to the screen `view` of `context`, the
 * status message in `manage_tabs_message` (escaped where it is shown). The target is always an
 * object of the tree, never a URL from the request (M-16). A script that asked for JSON (the
 * upload form's `XMLHttpRequest`) gets `{ location, message }` instead.
 *
 * @example
 * ```ts
 * return seeOther(ctx, folder, 'manage_main', { message: `Deleted ${ids.length} items.` });
 * ```
 */
export function seeOther(
  ctx: PublisherContext,
  context: object,
  view: string,
  options: SeeOtherOptions = {},
): string | Record<string, unknown> {
  const base = urlOf(ctx, context);
  const params = new URLSearchParams(options.query);
  if (options.message !== undefined) params.set(MESSAGE_PARAM, options.message);
  if (options.error !== undefined) params.set(ERROR_PARAM, options.error);
  const query = params.toString();
  const location = `${base.endsWith('/') ? base : `${base}/`}${view}${query ? `?${query}` : ''}`;
  if (ctx.accepts('html', 'json') === 'json') {
    ctx.type = 'application/json; charset=utf-8';
    return { location, message: options.message ?? null, error: options.error ?? null };
  }
  ctx.status = 303;
  ctx.set('Location', location);
  ctx.type = 'text/plain; charset=utf-8';
  return 'See Other';
}
