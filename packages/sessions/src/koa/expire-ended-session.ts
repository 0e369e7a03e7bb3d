import type { ExtendableContext } from 'koa';
import { writeBrowserIdCookie } from '../browser-id/browser-id-cookie';
import { endedSessionSettings } from '../session-data/request-sessions';

/**
 * After a request committed: when it invalidated its session and started no other one, expires
 * the browser id cookie on the response (S-18). The sessions middleware call it. @internal
 */
export function expireEndedSession(ctx: ExtendableContext): void {
  const settings = endedSessionSettings(ctx);
  if (settings === undefined || ctx.headerSent || !settings.namespaces.includes('cookies')) return;
  writeBrowserIdCookie(ctx, null, settings, 0);
}
