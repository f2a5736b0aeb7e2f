#!/usr/bin/env node
// The `starling` command. It runs the compiled CLI in out/ (built by `npm run build`) on Node ≥ 22,
// which the SQLite bindings need: on an older system Node it hands over to the Node 24 that the
// project installs as a dev dependency.
'use strict';
const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const minimumMajor = 22;
const parentWatchVariable = 'STARLING_WATCH_PARENT';

function fail(message) {
  process.stderr.write(`starling: ${message}\n`);
  process.exit(1);
}

if (Number(process.versions.node.split('.')[0]) < minimumMajor) {
  const bundledNode = path.join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundledNode)) {
    fail(
      `Node ${process.versions.node} is too old (${minimumMajor} or newer is needed); run “npm ci” first.`,
    );
  }
  // The 'ipc' channel is how the child learns that this process ended, even by SIGKILL (which no
  // handler here can see): its end of the channel closes, and it stops rather than keep the profile.
  const child = spawn(bundledNode, [__filename, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [parentWatchVariable]: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 128 + (require('node:os').constants.signals[signal] ?? 0) : 1);
  });
} else {
  if (process.env[parentWatchVariable] === '1' && process.channel) {
    delete process.env[parentWatchVariable];
    // The channel must not keep this process alive by itself, and nothing is sent over it.
    process.channel.unref();
    // SIGTERM, so that commands close their profile and network as they do on Ctrl-C.
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  const entry = path.join(root, 'out', 'cli', 'main.js');
  if (!existsSync(entry)) {
    fail('the program is not built yet; run “npm run build” in the repository first.');
  }
  require(entry).main(process.argv.slice(2));
}
