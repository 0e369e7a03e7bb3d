#!/usr/bin/env node
// The bench harness: `npm run bench [-- [--strict] [--list] [<part>...]]`.
// Runs each bench/parts/*.js file (or those whose name starts with one of the <part> prefixes)
// in its own `node --expose-gc` child process, one after the other, reads the JSON results line
// each part prints last, prints a table and writes bench/results.json. See bench/README.md.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const ROOT = path.resolve(__dirname, '..');
const DEFAULT_PARTS_DIR = path.join(__dirname, 'parts');
const DEFAULT_RESULTS_FILE = path.join(__dirname, 'results.json');
const DEFAULT_TIMEOUT_SECONDS = 900;

const USAGE = `usage: npm run bench [-- [--strict] [--list] [--timeout=<seconds>] [<part>...]]

  <part>         run only the parts whose file name starts with <part> (e.g. persistence)
  --strict       exit 1 when a figure misses its target (default: report it, exit 0)
  --list         list the parts that would run, and stop
  --timeout=<s>  kill a part that runs longer than this (default ${DEFAULT_TIMEOUT_SECONDS})

environment:
  ZOA_BENCH_PARTS_DIR   folder of parts (default bench/parts)
  ZOA_BENCH_RESULTS     results file (default bench/results.json)`;

/** Parses argv into options; throws on an unknown flag. */
function parseArgs(argv) {
  const options = {
    strict: false,
    list: false,
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    prefixes: [],
  };
  for (const arg of argv) {
    if (arg === '--strict') options.strict = true;
    else if (arg === '--list') options.list = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg.startsWith('--timeout=')) {
      const seconds = Number(arg.slice('--timeout='.length));
      if (!(seconds > 0)) throw new Error(`bad --timeout value: ${arg}`);
      options.timeoutSeconds = seconds;
    } else if (arg.startsWith('-')) throw new Error(`unknown option: ${arg}`);
    else options.prefixes.push(arg);
  }
  return options;
}

/** Lists the part files to run, sorted by name. */
function findParts(partsDir, prefixes) {
  if (!fs.existsSync(partsDir)) return [];
  return fs
    .readdirSync(partsDir)
    .filter((file) => file.endsWith('.js'))
    .filter((file) => prefixes.length === 0 || prefixes.some((prefix) => file.startsWith(prefix)))
    .sort()
    .map((file) => ({ name: file.replace(/\.js$/, ''), file: path.join(partsDir, file) }));
}

const isNumberOrNull = (v) => v === null || (typeof v === 'number' && Number.isFinite(v));

/**
 * Checks one part's results object against the protocol.
 * @returns a list of problems (empty when valid)
 */
function validateResults(payload) {
  if (payload === null || typeof payload !== 'object' || !Array.isArray(payload.results)) {
    return ['last stdout line is not {"results":[...]}'];
  }
  const problems = [];
  payload.results.forEach((r, i) => {
    const where = `results[${i}]`;
    if (r === null || typeof r !== 'object') return problems.push(`${where} is not an object`);
    if (typeof r.name !== 'string' || r.name === '')
      problems.push(`${where}.name must be a string`);
    if (typeof r.value !== 'number' || !Number.isFinite(r.value)) {
      problems.push(`${where}.value must be a finite number`);
    }
    if (typeof r.unit !== 'string') problems.push(`${where}.unit must be a string`);
    const b = r.baseline;
    if (
      b != null &&
      (typeof b !== 'object' || typeof b.name !== 'string' || !isNumberOrNull(b.value))
    ) {
      problems.push(`${where}.baseline must be null or {name, value}`);
    }
    if (r.ratio !== undefined && !isNumberOrNull(r.ratio))
      problems.push(`${where}.ratio must be a number or null`);
    if (r.target != null && typeof r.target !== 'string')
      problems.push(`${where}.target must be a string or null`);
    if (r.pass != null && typeof r.pass !== 'boolean')
      problems.push(`${where}.pass must be a boolean or null`);
    return undefined;
  });
  return problems;
}

/** Normalizes one valid result entry (missing optional fields become null). */
function normalize(r) {
  return {
    name: r.name,
    value: r.value,
    unit: r.unit,
    baseline: r.baseline == null ? null : { name: r.baseline.name, value: r.baseline.value },
    ratio: r.ratio ?? null,
    target: r.target ?? null,
    pass: r.pass ?? null,
  };
}

/**
 * Runs one part in a child process. Stdout lines are passed through as log, except the last
 * non-empty one, which is held back and parsed as the results line.
 * @returns {Promise<{results: object[], error: string|null, seconds: number}>}
 */
function runPart(part, timeoutSeconds) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--expose-gc', part.file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ZOA_BENCH: '1' },
    });
    let held = null;
    const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (line.trim() === '') return;
      if (held !== null) console.log(`  ${held}`);
      held = line;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSeconds * 1000);

    let done = false;
    const finish = (exit, spawnError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let payload = null;
      try {
        payload = held === null ? null : JSON.parse(held);
      } catch {
        payload = null;
      }
      const problems = validateResults(payload);
      if (problems.length > 0 && held !== null) console.log(`  ${held}`);
      const results = problems.length === 0 ? payload.results.map(normalize) : [];

      let error = null;
      if (spawnError) error = `could not start: ${spawnError.message}`;
      else if (timedOut) error = `timed out after ${timeoutSeconds} s`;
      else if (exit.signal) error = `killed by ${exit.signal}`;
      else if (exit.code !== 0) error = `exited with code ${exit.code}`;
      else if (problems.length > 0) error = problems.join('; ');
      resolve({ results, error, seconds });
    };
    // 'close' comes after the process exited and its stdout ended, so every line has been read.
    child.on('close', (code, signal) => finish({ code, signal }, null));
    child.on('error', (err) => finish(null, err));
  });
}

/** Formats a number for the table: grouped integers from 1000 up, else 3 significant digits. */
function formatNumber(value) {
  if (value === null || value === undefined) return '–';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs === 0 || Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(3)));
}

function passMark(row) {
  if (row.error) return 'ERROR';
  if (row.pass === true) return '✓';
  if (row.pass === false) return '✗';
  return '–';
}

/** Prints the rows as an aligned text table. */
function printTable(rows) {
  const header = ['part', 'name', 'value', 'baseline', 'ratio', 'target', 'pass'];
  const cells = rows.map((row) =>
    row.error
      ? [row.part, row.name, '', '', '', '', passMark(row)]
      : [
          row.part,
          row.name,
          `${formatNumber(row.value)} ${row.unit}`.trim(),
          row.baseline ? `${row.baseline.name}: ${formatNumber(row.baseline.value)}` : '–',
          formatNumber(row.ratio),
          row.target ?? '–',
          passMark(row),
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) =>
    c
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
  for (const row of rows.filter((r) => r.error))
    console.log(`\nERROR in ${row.part}: ${row.error}`);
}

function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/**
 * Writes the results file: entries of the parts run now replace that part's previous entries;
 * entries of parts not run this time are kept, so `npm run bench -- <part>` updates one part.
 */
function writeResults(file, ranParts, rows) {
  let previous = [];
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (Array.isArray(parsed)) previous = parsed;
  } catch {
    previous = [];
  }
  const ran = new Set(ranParts);
  const kept = previous.filter((entry) => entry && !ran.has(entry.part));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify([...kept, ...rows], null, 2)}\n`);
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const partsDir = path.resolve(process.env.ZOA_BENCH_PARTS_DIR || DEFAULT_PARTS_DIR);
  const resultsFile = path.resolve(process.env.ZOA_BENCH_RESULTS || DEFAULT_RESULTS_FILE);
  const parts = findParts(partsDir, options.prefixes);

  if (options.list) {
    for (const part of parts) console.log(part.name);
    return 0;
  }
  if (parts.length === 0) {
    if (options.prefixes.length > 0) {
      console.error(`no bench part in ${partsDir} starts with: ${options.prefixes.join(', ')}`);
      return 1;
    }
    console.log(`no bench parts in ${partsDir}`);
    return 0;
  }

  const meta = { node: process.version, cpus: os.cpus().length, commit: gitCommit() };
  const rows = [];
  for (const part of parts) {
    console.log(`\n=== bench: ${part.name} ===`);
    const timestamp = new Date().toISOString();
    const { results, error, seconds } = await runPart(part, options.timeoutSeconds);
    console.log(`=== ${part.name}: ${error ? 'ERROR' : 'done'} in ${seconds.toFixed(1)} s ===`);
    for (const r of results) rows.push({ part: part.name, ...r, timestamp, ...meta });
    if (error) {
      rows.push({ part: part.name, name: '(part failed)', error, pass: false, timestamp, ...meta });
    }
  }

  console.log('');
  printTable(rows);
  writeResults(
    resultsFile,
    parts.map((p) => p.name),
    rows,
  );
  const shown = path.relative(process.cwd(), resultsFile);
  console.log(`\nwrote ${shown.startsWith('..') ? resultsFile : shown}`);

  const errors = rows.filter((r) => r.error);
  const failed = rows.filter((r) => !r.error && r.pass === false);
  if (failed.length > 0) {
    console.log(`\nFAIL: ${failed.length} figure(s) missed the target:`);
    for (const r of failed) {
      console.log(
        `  ${r.part} / ${r.name}: ${formatNumber(r.value)} ${r.unit}, target ${r.target ?? '?'}`,
      );
    }
  }
  if (errors.length > 0) console.log(`\n${errors.length} part(s) crashed or broke the protocol`);
  if (failed.length === 0 && errors.length === 0) console.log('\nall figures met their targets');
  if (errors.length > 0) return 1;
  if (failed.length > 0 && options.strict) return 1;
  return 0;
}

module.exports = { parseArgs, findParts, validateResults, formatNumber };

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
