#!/usr/bin/env node
// Checks that TypeScript project references mirror the workspace dependencies (as Jest's repo
// does): for every workspace with a tsconfig.json, its `references` must point at exactly the
// workspaces it depends on in package.json, and the root tsconfig.json must reference every
// workspace package that has one. Run by `npm run lint`; exits 1 and explains on a mismatch.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies'];

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Reads a tsconfig (JSON with comments) without resolving `extends`. */
function readTsconfig(file) {
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) {
    throw new Error(`${file}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  }
  return config;
}

/** Expands the root workspaces globs (only `dir` and `dir/*` forms are used here). */
function workspaceDirs() {
  const patterns = readJson(path.join(root, 'package.json')).workspaces || [];
  const dirs = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) {
      const parent = path.join(root, pattern.slice(0, -2));
      if (!fs.existsSync(parent)) continue;
      for (const entry of fs.readdirSync(parent, { withFileTypes: true })) {
        if (entry.isDirectory()) dirs.push(path.join(parent, entry.name));
      }
    } else {
      dirs.push(path.join(root, pattern));
    }
  }
  return dirs.filter((dir) => fs.existsSync(path.join(dir, 'package.json')));
}

function rel(dir) {
  return path.relative(root, dir) || '.';
}

function main() {
  const workspaces = workspaceDirs().map((dir) => ({
    dir,
    manifest: readJson(path.join(dir, 'package.json')),
    hasTsconfig: fs.existsSync(path.join(dir, 'tsconfig.json')),
  }));
  const dirByName = new Map(workspaces.map((w) => [w.manifest.name, w.dir]));
  const problems = [];

  for (const { dir, manifest, hasTsconfig } of workspaces) {
    if (!hasTsconfig) continue;
    const tsconfigPath = path.join(dir, 'tsconfig.json');
    const tsconfig = readTsconfig(tsconfigPath);

    const expected = new Set();
    for (const field of DEPENDENCY_FIELDS) {
      for (const name of Object.keys(manifest[field] || {})) {
        const depDir = dirByName.get(name);
        if (depDir && fs.existsSync(path.join(depDir, 'tsconfig.json'))) expected.add(depDir);
      }
    }
    const actual = new Set(
      (tsconfig.references || []).map((ref) =>
        path.resolve(dir, ref.path).replace(/\/tsconfig\.json$/, ''),
      ),
    );

    for (const depDir of expected) {
      if (!actual.has(depDir)) {
        problems.push(
          `${rel(tsconfigPath)}: missing reference { "path": "${path.relative(dir, depDir)}" } ` +
            `(${manifest.name} depends on ${readJson(path.join(depDir, 'package.json')).name})`,
        );
      }
    }
    for (const refDir of actual) {
      if (!expected.has(refDir)) {
        problems.push(
          `${rel(tsconfigPath)}: reference to ${rel(refDir)} has no matching dependency in ` +
            `${rel(path.join(dir, 'package.json'))}`,
        );
      }
    }
  }

  const rootTsconfigPath = path.join(root, 'tsconfig.json');
  const rootRefs = new Set(
    (readTsconfig(rootTsconfigPath).references || []).map((ref) =>
      path.resolve(root, ref.path).replace(/\/tsconfig\.json$/, ''),
    ),
  );
  for (const { dir, manifest, hasTsconfig } of workspaces) {
    if (hasTsconfig && !manifest.private && !rootRefs.has(dir)) {
      problems.push(
        `tsconfig.json: missing reference { "path": "${rel(dir)}" } (${manifest.name})`,
      );
    }
  }

  if (problems.length > 0) {
    console.error('check-references: project references do not mirror the dependencies:');
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  const checked = workspaces.filter((w) => w.hasTsconfig).length;
  console.log(`check-references: ${checked} tsconfig.json files mirror their @zoa dependencies`);
}

main();
