import type Koa from 'koa';
import { accessLog } from './access-log';
import { errorHandler } from './error-handler';
import type { PublisherOptions } from './publisher';
import { publisher } from './publisher';

/**
 * Installs the publishing stack on a Koa application, in order: {@link accessLog},
 * {@link errorHandler} (development mode and logger from `app`), then {@link publisher}.
 * Middleware that must run inside the error handler but before the publisher (sessions, for
 * example) need the three factories used one by one instead.
 *
 * @returns the same Koa application
 * @example
 * ```ts
 * const koa = usePublisher(new Koa(), { app });
 * koa.listen(8080);
 * ```
 */
export function usePublisher<K extends Koa>(koa: K, options: PublisherOptions): K {
  const publish = publisher(options);
  const { logger, settings } = options.app;
  koa.use(accessLog({ logger }));
  koa.use(errorHandler({ devMode: settings.devMode, logger }));
  koa.use(publish);
  return koa;
}
