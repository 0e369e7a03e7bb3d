import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebApp } from '../config/create-web-app';
import { Site } from '../config/site';
import type { SiteOptions } from '../config/site';
import type { SiteConfig } from '../config/site-config';

/** A running server, as {@link serve} returns it. */
export interface RunningServer {
  readonly site: Site;
  readonly server: http.Server;
  /** `http://host:port` */
  readonly url: string;
  /**
   * Stops accepting connections, waits for in-flight requests (up to the configured
   * `shutdownTimeoutSeconds`), closes idle keep-alive connections, then closes the databases.
   * Resolves to true when every request finished in time.
   */
  close(): Promise<boolean>;
}

/** Options of {@link serve}. */
export interface ServeOptions extends SiteOptions {
  /** Overrides `server.port` (0 picks a free port). */
  port?: number;
  /** Overrides `server.host`. */
  host?: string;
}

/**
 * Opens the site and serves it over HTTP (what `zoa serve` runs).
 *
 * @example
 * ```ts
 * const running = await serve(loadConfig('zoa.config.yaml'), { port: 0 });
 * console.log(running.url);
 * await running.close();
 * ```
 */
export async function serve(
  config: SiteConfig,
  options: ServeOptions = {},
): Promise<RunningServer> {
  const site = await Site.open(config, options);
  const koa = createWebApp(site);
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = http.createServer((req, res) => {
    inFlight += 1;
    res.on('close', () => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
    void koa.callback()(req, res);
  });
  const port = options.port ?? config.server.port;
  const host = options.host ?? config.server.host;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    await site.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<boolean> | undefined;
  const close = (): Promise<boolean> => {
    closing ??= (async () => {
      server.close();
      server.closeIdleConnections();
      const deadline = config.server.shutdownTimeoutSeconds * 1000;
      const finished =
        inFlight === 0 ||
        (await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), deadline);
          timer.unref();
          drained = () => {
            clearTimeout(timer);
            resolve(true);
          };
        }));
      server.closeAllConnections();
      await site.close();
      return finished;
    })();
    return closing;
  };
  return { site, server, url: `http://${shownHost}:${address.port}`, close };
}
