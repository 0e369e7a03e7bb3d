'use strict';
// Bench part: GET of a page 4 levels deep (/a/b/c/page) through the real publisher (access log
// written as a site writes it, to /dev/null; error handler; one transaction per request on a warm
// SqliteStorage database; traversal, view lookup, authorization, commit) versus bare Koa +
// @koa/router returning the same body. Both servers run in this process on real sockets; autocannon
// (10 connections) drives them from a worker thread, in alternating 1 s rounds (A B, B A, A B, ...;
// 5 s per server by default, ZOA_BENCH_SECONDS), so that load from other processes hits both alike.
// Target: publisher req/s >= 0.6 x bare Koa's. Prints p50/p99 latency for both (mean over the
// rounds; autocannon measures whole milliseconds); the last stdout line is the results.
require('../../packages/core/test/fixtures/register-ts');

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const Koa = require('koa');
const { Router } = require('@koa/router');
const pino = require('pino');
const {
  Database,
  SqliteStorage,
  TransactionManager,
  classRegistry,
} = require('@zoa/core/persistence');
const { Application, Folder, Item } = require('@zoa/core/tree');
const {
  ViewRegistry,
  createPublisherLogger,
  defaultAuthorizer,
  usePublisher,
} = require('@zoa/core/publisher');

const CONNECTIONS = 10;
const SECONDS = Number(process.env.ZOA_BENCH_SECONDS || 5);
const TARGET_RATIO = 0.6;
const WORKERS = Number(process.env.ZOA_BENCH_WORKERS ?? 1);
const BODY = `<!DOCTYPE html><html><head><title>Page</title></head><body>${'<p>Hello, Zoa.</p>'.repeat(20)}</body></html>`;

/** The published page: an Item holding its HTML. */
class BenchPage extends Item {
  constructor(id, body = '') {
    super(id);
    this.body = body;
  }
}
classRegistry.register('bench.BenchPage', BenchPage);

/**
 * A minimal container for `/a/b/c`: Folder refuses the child id `page` (ObjectManager has a
 * method of that name and its id rules reserve method names), so `c` keeps its children in a Map.
 */
class BenchFolder extends Item {
  constructor(id) {
    super(id);
    this.items = new Map();
  }

  add(child) {
    this.items.set(child.id, child);
    this.markChanged();
    return child;
  }

  async publishTraverse(name) {
    const child = this.items.get(name);
    if (child === undefined) return undefined;
    await child.activate();
    child.__parent__ = this;
    return child;
  }
}
classRegistry.register('bench.BenchFolder', BenchFolder);

function listen(koa) {
  return new Promise((resolve) => {
    const server = koa.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function close(server) {
  return new Promise((resolve) => server.close(resolve));
}

function cannon(url, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections: CONNECTIONS, duration, ...(WORKERS ? { workers: WORKERS } : {}) },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** One measured round; fails when any response was not a 200. */
async function round(label, url, duration) {
  if (global.gc) global.gc();
  const result = await cannon(url, duration);
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${label}: ${bad} failed responses`);
  const seconds = result.duration;
  console.log(
    `  ${label}: ${(result.requests.total / seconds).toFixed(0)} req/s, ` +
      `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
  );
  return {
    requests: result.requests.total,
    seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** Sums rounds into req/s (total requests / total time) and mean p50 / p99. */
function combine(label, rounds) {
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  const mean = (key) => rounds.reduce((sum, r) => sum + r[key], 0) / rounds.length;
  const figures = { rps: requests / seconds, p50: mean('p50'), p99: mean('p99') };
  console.log(
    `${label}: ${figures.rps.toFixed(0)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms ` +
      `(${requests} requests in ${seconds.toFixed(1)} s)`,
  );
  return figures;
}

async function startPublisher(dir) {
  const db = await Database.open(new SqliteStorage({ path: path.join(dir, 'Data.sqlite') }), {
    rootFactory: () => new Application(),
  });
  const transactionManager = new TransactionManager();
  await transactionManager.run(async (txn) => {
    const root = await (await txn.open(db)).root();
    const a = await root.setObject('a', new Folder('a'));
    const b = await a.setObject('b', new Folder('b'));
    const c = await b.setObject('c', new BenchFolder('c'));
    c.add(new BenchPage('page', BODY));
  });
  const views = new ViewRegistry();
  views.register(BenchPage, {
    name: 'index_html',
    permission: 'View',
    handler: (_ctx, page) => page.body,
  });
  // the site's default logger (createPublisherLogger(): buffered, synchronous chunk writes),
  // writing to /dev/null instead of stdout
  const logger = createPublisherLogger({
    destination: pino.destination({ dest: os.devNull, sync: true }),
    buffer: true,
  });
  const app = {
    rootDatabase: db,
    databases: db.databases,
    transactionManager,
    views,
    authorizer: defaultAuthorizer,
    logger,
    settings: { devMode: false, trustProxy: false },
  };
  const server = await listen(usePublisher(new Koa(), { app }));
  return { server, db };
}

async function startBareKoa() {
  const router = new Router();
  router.get('/a/b/c/page', (ctx) => {
    ctx.body = BODY;
  });
  const koa = new Koa();
  koa.use(router.routes());
  return listen(koa);
}

function checkBody(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () =>
          res.statusCode === 200 && text === BODY
            ? resolve()
            : reject(new Error(`unexpected answer from ${url}: ${res.statusCode}`)),
        );
      })
      .on('error', reject);
  });
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoa-bench-publisher-'));
  try {
    const { server, db } = await startPublisher(dir);
    const bare = await startBareKoa();
    const publisherUrl = `http://127.0.0.1:${server.address().port}/a/b/c/page`;
    const bareUrl = `http://127.0.0.1:${bare.address().port}/a/b/c/page`;
    await checkBody(publisherUrl);
    await checkBody(bareUrl);
    await cannon(publisherUrl, 1); // warm up: JIT, connection cache, SQLite page cache
    await cannon(bareUrl, 1);
    const rounds = { publisher: [], bare: [] };
    for (let i = 0; i < SECONDS; i += 1) {
      const order = i % 2 === 0 ? ['publisher', 'bare'] : ['bare', 'publisher'];
      for (const which of order) {
        const url = which === 'publisher' ? publisherUrl : bareUrl;
        rounds[which].push(await round(which === 'publisher' ? 'publisher' : 'bare Koa', url, 1));
      }
    }
    await close(server);
    await close(bare);
    await db.close();
    const zoa = combine('publisher', rounds.publisher);
    const koa = combine('bare Koa + @koa/router', rounds.bare);

    const ratio = zoa.rps / koa.rps;
    const fixed = (n, digits = 2) => Number(n.toFixed(digits));
    console.log(
      JSON.stringify({
        results: [
          {
            name: 'publisher GET 4 levels deep',
            value: fixed(zoa.rps, 0),
            unit: 'req/s',
            baseline: { name: 'bare Koa + @koa/router', value: fixed(koa.rps, 0) },
            ratio: fixed(ratio),
            target: `>= ${TARGET_RATIO}`,
            pass: ratio >= TARGET_RATIO,
          },
          {
            name: 'publisher p99 latency',
            value: fixed(zoa.p99),
            unit: 'ms',
            baseline: { name: 'bare Koa + @koa/router p99', value: fixed(koa.p99) },
            ratio: koa.p99 > 0 ? fixed(zoa.p99 / koa.p99) : null,
            target: null,
            pass: null,
          },
          {
            name: 'publisher p50 latency',
            value: fixed(zoa.p50),
            unit: 'ms',
            baseline: { name: 'bare Koa + @koa/router p50', value: fixed(koa.p50) },
            ratio: koa.p50 > 0 ? fixed(zoa.p50 / koa.p50) : null,
            target: null,
            pass: null,
          },
        ],
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
