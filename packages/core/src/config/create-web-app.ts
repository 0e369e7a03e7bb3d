import Koa from 'koa';
import { accessLog } from '../publisher/access-log';
import { errorHandler } from '../publisher/error-handler';
import { publisher } from '../publisher/publisher';
import { loginErrorRenderer } from '../security/login-error-renderer';
import { zmiErrorRenderer } from '../zmi/zmi-error-renderer';
import type { Site } from './site';

/**
 * The Koa application serving a site: access log, error handler (browsers get the login form
 * on 401, ZMI error pages keep the management headers), the products' middleware (sessions, ...), then the publisher.
 *
 * @example
 * ```ts
 * const site = await Site.open(loadConfig('zoa.config.yaml'));
 * createWebApp(site).listen(8080);
 * ```
 */
export function createWebApp(site: Site): Koa {
  const koa = new Koa({ proxy: site.settings.trustProxy });
  koa.use(accessLog({ logger: site.logger }));
  koa.use(
    errorHandler({
      devMode: site.settings.devMode,
      logger: site.logger,
      renderHtml: loginErrorRenderer(zmiErrorRenderer()),
    }),
  );
  for (const middleware of site.middleware) koa.use(middleware);
  koa.use(publisher({ app: site }));
  return koa;
}
