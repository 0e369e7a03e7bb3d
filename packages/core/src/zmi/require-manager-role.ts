import { ForbiddenError } from '../errors';
import type { PublisherContext } from '../publisher/interfaces';
import { findRequestSecurity } from '../security/request-security';
import { MANAGER_ROLE } from '../security/roles';

/**
 * Refuses the request unless its user has the Manager role (on the view's context, local roles
 * included) — for what stores trusted code, such as a Page's template source, whatever
 * permissions a site hands out.
 *
 * @throws ForbiddenError (403) otherwise
 * @example
 * ```ts
 * requireManagerRole(ctx);
 * page.setSource(source);
 * ```
 */
export function requireManagerRole(ctx: PublisherContext): void {
  const security = findRequestSecurity(ctx);
  const roles = security?.contextRoles ?? security?.principal?.roles ?? [];
  if (!roles.includes(MANAGER_ROLE)) {
    throw new ForbiddenError('Only Managers may change templates: they are trusted code.');
  }
}
