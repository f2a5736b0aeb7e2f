#!/usr/bin/env node
// The `starling` command. It runs the compiled CLI in out/, which `npm run build` produces.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'out', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write(
    'starling: the program is not built yet; run “npm run build” in the repository first.\n',
  );
  process.exit(1);
}
const { runCommand } = require(entry);
runCommand(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
