#!/usr/bin/env node
'use strict';
// The `zoa` command. Runs the compiled CLI (`npm run build` compiles it).
require('../dist/cli/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    if (typeof code === 'number') process.exitCode = code;
  });
