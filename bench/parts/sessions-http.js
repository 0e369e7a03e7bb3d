'use strict';
/**
 * Bench part: one HTTP request that reads and writes one session key (`n = n + 1`), served by
 *
 * - Zoa's standalone `sessions()` middleware (@zoa/sessions, from source: the container is the
 *   root of a TemporaryStorage database of its own; per request a unit of work — the session's
 *   lock, load, write, two-phase commit);
 * - koa-session 7 with an external store kept in process: a Map of JSON strings (what a Redis
 *   store holds; it serializes as Zoa's storage does), signed cookie (its default);
 * - express-session with its MemoryStore (JSON strings too), signed cookie (its default).
 *
 * Each autocannon connection is one browser with its own cookie jar (`cookieJar` below: the
 * cookies a response sets go with the connection's later requests), so 10 connections use 10
 * sessions, each read and written by every request. One shared cookie for all connections would
 * make every request contend for a single session: Zoa serializes those (its per-session lock,
 * R-01) while the other two lose updates — a correctness test, not a throughput one.
 *
 * Each server runs in a child process of its own (this file with `--serve <name>`), so that
 * neither the others nor the load generator share its event loop; autocannon (10 connections)
 * runs in this process. Rounds of 1 s rotate over the three servers (ZOA_BENCH_SECONDS rounds
 * each, default 5) so that load from other processes hits all alike. Figures: req/s (target: Zoa
 * ≥ 1.0 × koa-session), p50 / p99 latency (mean of the rounds) and the server process's CPU time
 * per request (its own `process.cpuUsage`, steadier than req/s on a busy machine). The last
 * stdout line is the results object.
 */
const { fork } = require('node:child_process');
const http = require('node:http');

const CONNECTIONS = 10;
const ROUNDS = Number(process.env.ZOA_BENCH_SECONDS || 5);
const TARGET_RATIO = 1.0;
const SERVERS = {
  zoa: 'Zoa sessions()',
  'koa-session': 'koa-session + Map store',
  'express-session': 'express-session + MemoryStore',
};
const SECRET = 'a bench secret of some length';

/** autocannon `setupClient`: a cookie jar per connection. */
function cookieJar(client) {
  const jar = new Map();
  client.on('headers', ({ headers }) => {
    let changed = false;
    for (let i = 0; i < headers.length; i += 2) {
      if (String(headers[i]).toLowerCase() !== 'set-cookie') continue;
      const pair = String(headers[i + 1]).split(';')[0];
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      changed = true;
    }
    if (changed) {
      client.setHeaders({ cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; ') });
    }
  });
}

// --- the servers (child processes) -------------------------------------------------------------

function zoaApp() {
  require('../../packages/core/test/fixtures/register-ts');
  const Koa = require('koa');
  const { sessions } = require('@zoa/sessions');
  const koa = new Koa();
  koa.use(sessions());
  koa.use(async (ctx) => {
    const session = await ctx.session();
    const n = (session.get('n') ?? 0) + 1;
    session.set('n', n);
    ctx.body = String(n);
  });
  return koa.callback();
}

function koaSessionApp() {
  const Koa = require('koa');
  const { createSession } = require('koa-session');
  const data = new Map();
  const store = {
    get: (key) => {
      const json = data.get(key);
      return json === undefined ? undefined : JSON.parse(json);
    },
    set: (key, sess) => {
      data.set(key, JSON.stringify(sess));
    },
    destroy: (key) => {
      data.delete(key);
    },
  };
  const koa = new Koa();
  koa.keys = [SECRET];
  koa.use(createSession({ store }, koa));
  koa.use((ctx) => {
    const n = (ctx.session.n ?? 0) + 1;
    ctx.session.n = n;
    ctx.body = String(n);
  });
  return koa.callback();
}

function expressSessionApp() {
  const express = require('express');
  const session = require('express-session');
  const app = express();
  app.use(session({ secret: SECRET, resave: false, saveUninitialized: false }));
  app.get('/', (req, res) => {
    const n = (req.session.n ?? 0) + 1;
    req.session.n = n;
    res.send(String(n));
  });
  return app;
}

/** A server process: listens, reports its port, and its CPU time per request on demand. */
function serve(name) {
  const handler = {
    zoa: zoaApp,
    'koa-session': koaSessionApp,
    'express-session': expressSessionApp,
  }[name]();
  let requests = 0;
  let since = process.cpuUsage();
  const server = http.createServer((req, res) => {
    requests += 1;
    handler(req, res);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('message', (message) => {
    if (message === 'start') {
      requests = 0;
      since = process.cpuUsage();
    } else if (message === 'stop') {
      const cpu = process.cpuUsage(since);
      process.send({ cpuUs: (cpu.user + cpu.system) / Math.max(1, requests) });
    } else if (message === 'exit') {
      process.exit(0);
    }
  });
}

// --- the driver --------------------------------------------------------------------------------

function start(name) {
  const child = fork(__filename, ['--serve', name], { execArgv: [] });
  return new Promise((resolve, reject) => {
    child.once('message', ({ port }) => resolve({ child, url: `http://127.0.0.1:${port}/` }));
    child.once('exit', (code) => reject(new Error(`${name} server exited (${code})`)));
  });
}

function ask(child, message) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(message);
  });
}

function cannon(url, duration) {
  const autocannon = require('autocannon');
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections: CONNECTIONS, duration, setupClient: cookieJar },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** One measured round; fails when any response was not a 200. */
async function round(name, { child, url }) {
  child.send('start');
  const result = await cannon(url, 1);
  const { cpuUs } = await ask(child, 'stop');
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${SERVERS[name]}: ${bad} failed responses`);
  console.log(
    `  ${SERVERS[name]}: ${(result.requests.total / result.duration).toFixed(0)} req/s, ` +
      `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${cpuUs.toFixed(0)} µs CPU/request`,
  );
  return {
    requests: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuUs,
  };
}

function combine(name, rounds) {
  const requests = rounds.reduce((sum, r) => sum + r.requests, 0);
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  const mean = (key) => rounds.reduce((sum, r) => sum + r[key], 0) / rounds.length;
  const figures = {
    rps: requests / seconds,
    p50: mean('p50'),
    p99: mean('p99'),
    cpuUs: mean('cpuUs'),
  };
  console.log(
    `${SERVERS[name]}: ${figures.rps.toFixed(0)} req/s, p50 ${figures.p50} ms, ` +
      `p99 ${figures.p99} ms, ${figures.cpuUs.toFixed(0)} µs CPU/request ` +
      `(${requests} requests in ${seconds.toFixed(1)} s)`,
  );
  return figures;
}

function get(url, cookie) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: cookie ? { cookie } : {} }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode, body, cookies: res.headers['set-cookie'] ?? [] }),
        );
      })
      .on('error', reject);
  });
}

/** Two requests with one cookie jar: the second must see the first's write. */
async function checkSession(name, url) {
  let cookie = '';
  for (const expected of ['1', '2']) {
    const response = await get(url, cookie);
    if (response.status !== 200 || response.body !== expected) {
      throw new Error(
        `unexpected answer from ${SERVERS[name]}: ${response.status} ${response.body}`,
      );
    }
    const set = response.cookies.map((line) => line.split(';')[0]);
    if (set.length > 0) cookie = set.join('; ');
  }
}

async function main() {
  const names = Object.keys(SERVERS);
  const servers = {};
  try {
    for (const name of names) {
      servers[name] = await start(name);
      await checkSession(name, servers[name].url);
      await cannon(servers[name].url, 2); // warm up: JIT, connections, the stores
    }
    const rounds = Object.fromEntries(names.map((name) => [name, []]));
    for (let i = 0; i < ROUNDS; i += 1) {
      for (let j = 0; j < names.length; j += 1) {
        const name = names[(i + j) % names.length];
        rounds[name].push(await round(name, servers[name]));
      }
    }
    report(Object.fromEntries(names.map((name) => [name, combine(name, rounds[name])])));
  } finally {
    for (const { child } of Object.values(servers)) child.send('exit');
  }
}

function report(figures) {
  const { zoa, 'koa-session': koa, 'express-session': express } = figures;
  const fixed = (n, digits = 2) => Number(n.toFixed(digits));
  const ratio = zoa.rps / koa.rps;
  const compare = (name, value, unit, baseName, baseValue) => ({
    name,
    value: fixed(value),
    unit,
    baseline: { name: baseName, value: fixed(baseValue) },
    ratio: baseValue > 0 ? fixed(value / baseValue) : null,
    target: null,
    pass: null,
  });
  const results = [
    {
      name: 'session read + write per request, Zoa sessions() vs koa-session',
      value: fixed(zoa.rps, 0),
      unit: 'req/s',
      baseline: { name: SERVERS['koa-session'], value: fixed(koa.rps, 0) },
      ratio: fixed(ratio),
      target: `>= ${TARGET_RATIO}`,
      pass: ratio >= TARGET_RATIO,
    },
    compare(
      'session read + write per request, Zoa sessions() vs express-session',
      zoa.rps,
      'req/s',
      SERVERS['express-session'],
      express.rps,
    ),
  ];
  for (const [key, label] of [
    ['p50', 'p50 latency'],
    ['p99', 'p99 latency'],
  ]) {
    results.push(
      compare(`Zoa sessions() ${label}`, zoa[key], 'ms', `koa-session ${label}`, koa[key]),
    );
    results.push(
      compare(`express-session ${label}`, express[key], 'ms', `koa-session ${label}`, koa[key]),
    );
  }
  results.push(
    compare('Zoa sessions() server CPU per request', zoa.cpuUs, 'µs', 'koa-session', koa.cpuUs),
    compare(
      'express-session server CPU per request',
      express.cpuUs,
      'µs',
      'koa-session',
      koa.cpuUs,
    ),
  );
  console.log(JSON.stringify({ results }));
}

if (process.argv[2] === '--serve') {
  serve(process.argv[3]);
} else {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
