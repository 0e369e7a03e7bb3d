'use strict';
/**
 * Bench part: the latency of one HTTP request that reads and writes one session key (`n = n + 1`)
 * through Zoa's standalone `sessions()` middleware, with 1M live sessions in its container against
 * 1k — the issue's "p99 latency at 1M live sessions vs at 1k" seen by a client. Target: p99 at 1M
 * ≤ 1.5 × p99 at 1k.
 *
 * Each size is served by a child process of its own (this file with `--serve <count>`): it fills
 * a TemporaryStorage with `count` one-key sessions under fresh browser ids (the container API, in
 * key order, in transactions of 10,000, with V8's pretenuring off: see without-pretenuring.js;
 * the ids go back to the driver, and the server drops its list: a site holds no array of its
 * session ids, and at 1M that array is 64 MB of old generation whose pages every scavenge
 * walks), then serves `sessions()` on that storage, its clock two timeslices ahead: each
 * session's first request is its first touch in the current timeslice, as on a site where each
 * of many sessions comes back now and then (at 1M nearly every request is one; at 1k only the
 * first one per session). `BENCH_SERVER_ARGS` adds node options to the servers (e.g. `--cpu-prof`).
 * The driver (this process) keeps 10 keep-alive connections busy, each request carrying the
 * cookie of a random live session; it checks every answer (200, a count, no new cookie: the
 * session was found) and times it with `process.hrtime` (microseconds; autocannon only measures
 * whole milliseconds). Each server first gets 60,000 requests unmeasured, until it runs steady:
 * V8 has compiled and stopped deoptimizing the request path, and the 1M server's caches and
 * heap have settled (with 4,000 the first round of each size was often the slowest; with 20,000
 * still the first 1M round, by up to 2 ms at p99). p50 and p99 per round of 4,000 requests, nine
 * rounds per size, each after 2,000 requests unmeasured (a server that sat out the other's round
 * came back slower: at 1k, 1.9–2.4 ms at p99 against 1.3–1.6 ms in a server's second round in
 * a row); the median round (by p99) counts, with each server's CPU time and GC pauses per request
 * in that round (its `process.cpuUsage` and `gc` performance entries), which say where the time
 * went.
 * Both servers run at once, rounds alternate between them, so that load from other processes
 * hits both alike. `sessions-container` measures the container alone, without HTTP.
 *
 * Protocol (bench/parts/*.js): the last stdout line is `{"results":[...]}`.
 */
const { fork } = require('node:child_process');
const { PerformanceObserver } = require('node:perf_hooks');
const http = require('node:http');

const LARGE = Number(process.env.BENCH_LARGE_SESSIONS) || 1_000_000;
const SMALL = 1_000;
const BATCH = 10_000;
const CONNECTIONS = 10;
const ROUNDS = 9;
const OPS_PER_ROUND = Number(process.env.BENCH_OPS_PER_ROUND) || 4_000;
const WARMUP_OPS = 60_000;
/** Requests unmeasured before each round, to bring a server that sat out a round back to speed. */
const ROUND_WARMUP_OPS = 2_000;
const COOKIE = '_ZopeId';
const PERIOD_MS = 20_000; // the container's default timeslice

// --- the servers (child processes) -------------------------------------------------------------

async function serve(count) {
  require('../../packages/core/test/fixtures/register-ts');
  const Koa = require('koa');
  const { Database, TransactionManager } = require('@zoa/core');
  const { TemporaryStorage } = require('@zoa/temporary-folder');
  const { TransientObjectContainer, newBrowserId, sessions } = require('@zoa/sessions');
  const { settleHeap } = require('../settle-heap');
  const { withoutPretenuring } = require('../without-pretenuring');

  // Fill the container the middleware will use (its database's root) through a second
  // Database on the same storage, left open: closing it would close the storage.
  const storage = new TemporaryStorage();
  // The servers' clock jumps two timeslices ahead once the sessions are made, so that a
  // session's first request is its first touch in the current timeslice (it moves in the index),
  // as on a site where each of many sessions comes back now and then; at 1k only the first
  // request of each session moves, at 1M nearly every one does.
  let shiftMs = 0;
  const clock = () => Date.now() + shiftMs;
  const seed = await Database.open(storage, {
    name: 'seed',
    rootFactory: () => new TransientObjectContainer('session_data'),
  });
  const tm = new TransactionManager();
  // in key order, so that each batch fills a few B-tree buckets instead of touching them all
  let ids = Array.from({ length: count }, newBrowserId).sort();
  // without training V8 to put the commit path's objects in the old generation (see there)
  await withoutPretenuring(async () => {
    for (let first = 0; first < count; first += BATCH) {
      await tm.run(async (txn) => {
        const toc = await (await txn.open(seed)).root();
        toc.setClock(clock);
        for (let i = first; i < Math.min(count, first + BATCH); i += 1) {
          (await toc.new(ids[i])).set('n', 0);
        }
      });
    }
  });
  process.send({ ids });
  ids = undefined;
  // Collect until the heap is what a site holding these sessions carries (see settle-heap.js:
  // the fill leaves the old generation fragmented, which slows every scavenge at 1M).
  const settled = await settleHeap();
  process.stderr.write(
    `  ${count} sessions: heap settled after ${settled.collections} collections, old ` +
      `generation ${(settled.oldSpaceBytes / 2 ** 20).toFixed(0)} MiB\n`,
  );
  shiftMs = 2 * PERIOD_MS;

  const koa = new Koa();
  koa.use(sessions({ storage, clock, periodSeconds: PERIOD_MS / 1000 }));
  koa.use(async (ctx) => {
    const session = await ctx.session();
    const n = (session.get('n') ?? 0) + 1;
    session.set('n', n);
    ctx.body = String(n);
  });
  const server = http.createServer(koa.callback());
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send({ port: server.address().port });
  });
  // CPU time and GC pauses since the last 'stats' message: the driver asks around each round
  let gcMs = 0;
  let maxGcMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcMs += entry.duration;
      maxGcMs = Math.max(maxGcMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  let cpuFrom = process.cpuUsage();
  process.on('message', (message) => {
    if (message === 'exit') process.exit(0);
    if (message === 'stats') {
      const { user, system } = process.cpuUsage(cpuFrom);
      process.send({ stats: { cpuMicros: user + system, gcMs, maxGcMs } });
      cpuFrom = process.cpuUsage();
      gcMs = 0;
      maxGcMs = 0;
    }
  });
}

// --- the driver --------------------------------------------------------------------------------

function start(count) {
  const child = fork(__filename, ['--serve', String(count)], {
    execArgv: [
      '--expose-gc',
      ...(process.env.BENCH_SERVER_ARGS ? process.env.BENCH_SERVER_ARGS.split(' ') : []),
    ],
    serialization: 'advanced',
  });
  return new Promise((resolve, reject) => {
    let ids;
    child.on('message', function started(message) {
      if (message.ids) ids = message.ids;
      if (message.port === undefined) return;
      child.off('message', started);
      resolve({ child, port: message.port, ids });
    });
    child.once('exit', (code) =>
      reject(new Error(`server for ${count} sessions exited (${code})`)),
    );
  });
}

/** The server's CPU µs and GC ms since its last stats (see `serve`). */
function stats(server) {
  return new Promise((resolve) => {
    const onMessage = (message) => {
      if (message && message.stats) {
        server.child.off('message', onMessage);
        resolve(message.stats);
      }
    };
    server.child.on('message', onMessage);
    server.child.send('stats');
  });
}

/** One request with `id`'s cookie; resolves to its latency in µs; rejects on a wrong answer. */
function timedGet(agent, port, id) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.get(
      { host: '127.0.0.1', port, path: '/', agent, headers: { cookie: `${COOKIE}=${id}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          const micros = Number(process.hrtime.bigint() - started) / 1000;
          if (res.statusCode !== 200 || !(Number(body) > 0) || res.headers['set-cookie']) {
            reject(new Error(`unexpected answer: ${res.statusCode} ${body}`));
          } else {
            resolve(micros);
          }
        });
      },
    );
    req.on('error', reject);
  });
}

/** `ops` requests over CONNECTIONS keep-alive connections, each on a random live session. */
async function measure(server, agent, ops, draw) {
  const times = [];
  let next = 0;
  async function connection() {
    while (next < ops) {
      next += 1;
      const id = server.ids[Math.floor(draw() * server.ids.length)];
      times.push(await timedGet(agent, server.port, id));
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, connection));
  return times.sort((a, b) => a - b);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function main() {
  require('../../packages/core/test/fixtures/register-ts');
  const { seededRandom } = require('@zoa/core/testing');
  const servers = {};
  try {
    const startedAt = performance.now();
    [servers.small, servers.large] = await Promise.all([start(SMALL), start(LARGE)]);
    process.stderr.write(
      `  filled ${SMALL} and ${LARGE} sessions in ${((performance.now() - startedAt) / 1000).toFixed(0)} s\n`,
    );
    const agents = {
      small: new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS }),
      large: new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS }),
    };
    const draw = seededRandom(7);
    for (const name of ['small', 'large']) {
      await measure(servers[name], agents[name], WARMUP_OPS, draw);
    }
    const rounds = { small: [], large: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? ['small', 'large'] : ['large', 'small'];
      for (const name of order) {
        await measure(servers[name], agents[name], ROUND_WARMUP_OPS, draw);
        await stats(servers[name]);
        const sorted = await measure(servers[name], agents[name], OPS_PER_ROUND, draw);
        const server = await stats(servers[name]);
        const figures = {
          p50: percentile(sorted, 0.5),
          p99: percentile(sorted, 0.99),
          cpu: server.cpuMicros / OPS_PER_ROUND,
          gc: (server.gcMs * 1000) / OPS_PER_ROUND,
        };
        rounds[name].push(figures);
        process.stderr.write(
          `  ${name === 'small' ? SMALL : LARGE} sessions: p50 ${figures.p50.toFixed(0)} µs, ` +
            `p99 ${figures.p99.toFixed(0)} µs; server CPU ${figures.cpu.toFixed(0)} µs and GC ` +
            `${figures.gc.toFixed(0)} µs per request, longest GC pause ` +
            `${server.maxGcMs.toFixed(1)} ms\n`,
        );
      }
    }
    for (const agent of Object.values(agents)) agent.destroy();
    report(rounds);
  } finally {
    for (const { child } of Object.values(servers)) child.send('exit');
  }
}

function report(rounds) {
  const median = (list) => [...list].sort((a, b) => a.p99 - b.p99)[Math.floor(list.length / 2)];
  const small = median(rounds.small);
  const large = median(rounds.large);
  const range = (list) => {
    const p99s = list.map((round) => round.p99).sort((a, b) => a - b);
    return `${p99s[0].toFixed(0)}–${p99s[p99s.length - 1].toFixed(0)} µs`;
  };
  process.stderr.write(
    `  median rounds: p99 ${large.p99.toFixed(0)} against ${small.p99.toFixed(0)} µs ` +
      `(${(large.p99 / small.p99).toFixed(2)} ×); rounds' p99 at ${LARGE} ${range(rounds.large)}, ` +
      `at ${SMALL} ${range(rounds.small)}\n`,
  );
  const sizeName = LARGE === 1_000_000 ? '1M' : String(LARGE);
  const fixed = (n, digits = 2) => Number(n.toFixed(digits));
  const figure = (key, target) => {
    const ratio = large[key] / small[key];
    return {
      name: `HTTP request reading and writing one session key, ${key} at ${sizeName} live sessions`,
      value: fixed(large[key], 0),
      unit: 'µs',
      baseline: { name: `same at ${SMALL} live sessions`, value: fixed(small[key], 0) },
      ratio: fixed(ratio),
      target: target === undefined ? null : `ratio ≤ ${target}`,
      pass: target === undefined ? null : ratio <= target,
    };
  };
  const perRequest = (key, what) => ({
    name: `server ${what} per request at ${sizeName} live sessions`,
    value: fixed(large[key], 0),
    unit: 'µs',
    baseline: { name: `same at ${SMALL} live sessions`, value: fixed(small[key], 0) },
    ratio: fixed(large[key] / small[key]),
    target: null,
    pass: null,
  });
  console.log(
    JSON.stringify({
      results: [
        figure('p99', 1.5),
        figure('p50'),
        perRequest('cpu', 'CPU time'),
        perRequest('gc', 'GC pause time'),
      ],
    }),
  );
}

if (process.argv[2] === '--serve') {
  serve(Number(process.argv[3])).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
