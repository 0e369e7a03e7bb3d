import { ensureManager } from '../security/ensure-manager';
import type { Command } from './main';
import { parseOptions } from './main';
import { readSiteConfig } from './open-site';
import { serve } from './serve';

/**
 * `zoa serve`: opens the databases of the configuration, runs product startup, serves HTTP;
 * on the first start creates a Manager with a generated password, printed once (M-23);
 * SIGTERM and SIGINT drain in-flight requests and close the databases.
 */
export const serveCommand: Command = {
  usage: 'zoa serve [--config zoa.config.yaml] [--port 8080] [--host 127.0.0.1]',
  async run(args) {
    const { values } = parseOptions(args, {
      config: { type: 'string', short: 'c' },
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
    });
    const config = readSiteConfig(values.config);
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
      throw new Error(`--port expects a port number from 0 to 65535, got "${String(values.port)}"`);
    }
    const running = await serve(config, {
      ...(port === undefined ? {} : { port }),
      ...(typeof values.host === 'string' ? { host: values.host } : {}),
    });
    const site = running.site;
    const manager = await site.run(async (txn) => ensureManager(await site.root(txn)));
    if (manager.generatedPassword !== undefined) {
      process.stdout.write(
        `Created the first Manager "${manager.name}" with the password ${manager.generatedPassword}\n` +
          '(shown once: note it, or set another with "zoa adduser").\n',
      );
    }
    site.logger.info({ url: running.url }, `Zoa is listening on ${running.url}`);
    process.stdout.write(`Zoa is listening on ${running.url}\n`);
    return new Promise<number>((resolve) => {
      const stop = (signal: string) => {
        running.site.logger.info({ signal }, 'Shutting down: finishing in-flight requests');
        void running.close().then((finished) => {
          if (!finished)
            running.site.logger.warn({}, 'Shutdown deadline passed with requests still running');
          resolve(0);
        });
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
  },
};
