// @ts-check
// The packaging check (issue 7): packages the app with electron-builder `--dir` for Linux against a
// stub Electron (the real binary is never downloaded here), then opens the produced app.asar and
// checks what the app ships. Prints a short report; exits non-zero on any failure.
//
//   node scripts/checkPackage.js        (npm run check:package)
//
// Steps: bundle main and preload (scripts/buildDesktop.js); build the UI if out/renderer is missing;
// make the stub Electron dist (an `electron` "executable" holding a fuse wire, so that the fuses
// electron-builder flips can be read back); package into out/package-check/; inspect.
'use strict';
const { execFileSync } = require('node:child_process');
const {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repositoryRoot = path.resolve(__dirname, '..');
const outputDirectory = path.join(repositoryRoot, 'out', 'package-check');
const executableName = 'starling';
const nativeModule = 'better-sqlite3-multiple-ciphers';
/** The engine's crypto (core/crypto/nativeCrypto.ts), a second N-API module. */
const cryptoModule = 'sodium-native';

/** Fuse wire of Electron's binaries: sentinel, wire version 1, length, one byte per fuse. */
const fuseSentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults: RunAsNode, CookieEncryption, NodeOptions, Inspect, AsarIntegrity, OnlyAsar, V8Snapshot, FileProtocol. */
const defaultFuses = '10110001';
/** What build/electron-builder.config.js must produce (design.md, "Security rules"); '*' = not checked. */
const expectedFuses = '01001100'.split('');
expectedFuses[6] = '*';
const fuseNames = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
];

/** @param {string} file @param {string[]} args */
function run(file, args) {
  execFileSync(process.execPath, [file, ...args], { cwd: repositoryRoot, stdio: 'inherit' });
}

/** The smallest Electron dist electron-builder accepts for `--dir` on Linux. */
function makeStubElectron() {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'starling-stub-electron-'));
  mkdirSync(path.join(directory, 'resources'));
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stub Electron for the packaging check: it cannot run" >&2\nexit 1\n# '),
    Buffer.from(fuseSentinel, 'ascii'),
    Buffer.from([1, defaultFuses.length]),
    Buffer.from(defaultFuses, 'ascii'),
    Buffer.from('\n'),
  ]);
  writeFileSync(path.join(directory, 'electron'), binary);
  chmodSync(path.join(directory, 'electron'), 0o755);
  writeFileSync(path.join(directory, 'LICENSE'), 'stub\n');
  writeFileSync(path.join(directory, 'version'), readElectronVersion());
  return directory;
}

function readElectronVersion() {
  const manifest = JSON.parse(
    readFileSync(path.join(repositoryRoot, 'node_modules', 'electron', 'package.json'), 'utf8'),
  );
  return String(manifest.version);
}

/** @param {string} stub */
function packageApp(stub) {
  rmSync(outputDirectory, { recursive: true, force: true });
  const cli = path.join(repositoryRoot, 'node_modules', 'electron-builder', 'cli.js');
  run(cli, [
    '--dir',
    '--linux',
    '--x64',
    '--config',
    path.join('build', 'electron-builder.config.js'),
    `-c.electronDist=${stub}`,
    `-c.electronVersion=${readElectronVersion()}`,
    `-c.directories.output=${path.relative(repositoryRoot, outputDirectory)}`,
    '--publish',
    'never',
  ]);
  return path.join(outputDirectory, 'linux-unpacked');
}

/** The modules a bundle requires (outside comment lines, where bundled libraries quote examples). */
function requiresOf(/** @type {string} */ code) {
  return code
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/)/.test(line))
    .flatMap((line) => [...line.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]));
}

/** @param {string} appDirectory @returns {string[]} failures */
function inspect(appDirectory) {
  const asar = require('@electron/asar');
  const failures = [];
  /** @param {boolean} ok @param {string} message */
  const expect = (ok, message) => {
    if (!ok) failures.push(message);
  };

  const archive = path.join(appDirectory, 'resources', 'app.asar');
  if (!existsSync(archive))
    return [`no app.asar in ${path.relative(repositoryRoot, appDirectory)}/resources`];
  const files = asar.listPackage(archive, { isPack: false }).map((file) => file.replace(/\\/g, '/'));
  const has = (/** @type {string} */ file) => files.includes(file);

  for (const file of [
    '/package.json',
    '/out/desktop/main/main.js',
    '/out/desktop/preload/preload.js',
    '/out/renderer/index.html',
    '/out/desktop/tray/tray-32x32.png',
    '/node_modules/electron-updater/package.json',
  ]) {
    expect(has(file), `missing from app.asar: ${file}`);
  }
  // The voice recorder's parts that Vite emits beside the bundle (renderer/src/screens/conversation/
  // voice): the AudioWorklet, loaded by URL with audioWorklet.addModule, and LAME's wasm, fetched by
  // URL (a data: URL is refused by the CSP, stack.md Media). Both must ship, under the names the
  // bundle asks for, or recording fails only in the packaged app.
  const rendererAssets = files.filter((file) => file.startsWith('/out/renderer/assets/'));
  const bundles = rendererAssets.filter((file) => /\/index-[^/]+\.js$/.test(file));
  const rendererCode = bundles
    .map((file) => asar.extractFile(archive, file.slice(1)).toString('utf8'))
    .join('\n');
  for (const [pattern, what] of /** @type {[RegExp, string][]} */ ([
    [/\/recorderWorklet-[^/]+\.js$/, "the voice recorder's AudioWorklet"],
    [/\/mp3-[^/]+\.wasm$/, "the MP3 encoder's wasm"],
  ])) {
    const found = rendererAssets.filter((file) => pattern.test(file));
    expect(found.length === 1, `${what} is missing from app.asar (out/renderer/assets)`);
    for (const file of found) {
      const name = path.posix.basename(file);
      expect(rendererCode.includes(name), `the UI bundle does not name ${name} (${what})`);
    }
  }

  const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
  expect(
    manifest.main === 'out/desktop/main/main.js',
    `package.json "main" is ${manifest.main}, not out/desktop/main/main.js`,
  );

  // The preload must be self-contained: a sandboxed preload can require only 'electron'.
  const preload = asar.extractFile(archive, 'out/desktop/preload/preload.js').toString('utf8');
  const requires = requiresOf(preload);
  const foreign = requires.filter((name) => name !== 'electron');
  expect(
    foreign.length === 0,
    `the preload requires ${foreign.join(', ')} (only 'electron' works in a sandbox)`,
  );

  // The main bundle may require only Electron, Node's built-ins and the shipped native modules.
  const { builtinModules } = require('node:module');
  const mainBundle = asar.extractFile(archive, 'out/desktop/main/main.js').toString('utf8');
  const mainRequires = requiresOf(mainBundle);
  const unexpected = mainRequires.filter((name) => {
    if (name === 'electron' || builtinModules.includes(name.replace(/^node:/, ''))) return false;
    return !has(`/node_modules/${name}/package.json`);
  });
  expect(
    unexpected.length === 0,
    `the main bundle requires what the app does not ship: ${unexpected.join(', ')}`,
  );
  expect(mainBundle.includes('preload.js'), 'the main bundle does not name preload.js');

  // The engine's crypto worker, beside the main bundle where the engine looks for it, requiring
  // only Node's built-ins and the shipped native modules, as the main bundle does.
  const workerFile = 'out/desktop/main/cryptoWorker.js';
  expect(has(`/${workerFile}`), `${workerFile} is not in app.asar`);
  if (has(`/${workerFile}`)) {
    const workerRequires = requiresOf(asar.extractFile(archive, workerFile).toString('utf8'));
    const strange = workerRequires.filter(
      (name) =>
        !builtinModules.includes(name.replace(/^node:/, '')) && !has(`/node_modules/${name}/package.json`),
    );
    expect(
      strange.length === 0,
      `the crypto worker requires what the app does not ship: ${strange.join(', ')}`,
    );
  }

  /** @type {[RegExp, string][]} */
  const forbidden = [
    [/\.(ts|mts|cts|tsx)$/, 'TypeScript source or declaration'],
    [/\.test\.[^/]+$/, 'test'],
    [/\.map$/, 'source map'],
    [/(^|\/)\.env(\.[^/]*)?$/, '.env file'],
    [/(^|\/)\.(profiles|devnet)(\/|$)/, 'profile or devnet data'],
    [/^\/(electron|core|shared|cli|renderer\/src|devnet|e2e|test|bench|scripts|types)\//, 'source folder'],
    [/^\/node_modules\/(electron|electron-builder|vite|typescript|vitest|eslint|node)\//, 'dev dependency'],
  ];
  for (const [pattern, what] of forbidden) {
    const found = files.filter((file) => pattern.test(file));
    expect(
      found.length === 0,
      `${what} in app.asar: ${found.slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''}`,
    );
  }

  // The native module: its binary unpacked beside the asar, where Node can dlopen it.
  const prebuild = `node_modules/${nativeModule}/prebuilds/linux-x64.node`;
  expect(existsSync(path.join(`${archive}.unpacked`, prebuild)), `${prebuild} is not unpacked from app.asar`);
  // The crypto module: its N-API binary unpacked as the database's is, loadable (by this Node: N-API
  // binaries are the same for Node and Electron), with what require-addon needs to find it.
  const cryptoBinary = `node_modules/${cryptoModule}/prebuilds/linux-x64/${cryptoModule}.node`;
  const unpackedCrypto = path.join(`${archive}.unpacked`, cryptoBinary);
  expect(has(`/${cryptoBinary}`), `${cryptoBinary} is not in the app`);
  expect(existsSync(unpackedCrypto), `${cryptoBinary} is not unpacked from app.asar`);
  if (existsSync(unpackedCrypto)) {
    let loaded;
    try {
      loaded = require(unpackedCrypto);
    } catch (error) {
      loaded = error;
    }
    expect(
      typeof loaded?.crypto_box_seal_open === 'function',
      `the unpacked ${cryptoBinary} does not load: ${loaded instanceof Error ? loaded.message : 'no crypto_box_seal_open'}`,
    );
  }
  for (const dependency of [cryptoModule, 'require-addon', 'bare-addon-resolve', 'which-runtime']) {
    expect(has(`/node_modules/${dependency}/package.json`), `${dependency} is not in the app`);
  }
  expect(mainRequires.includes(cryptoModule), `the main bundle does not require ${cryptoModule} (bundled?)`);
  const bareBinaries = files.filter((file) => file.endsWith('.bare'));
  expect(bareBinaries.length === 0, `Bare runtime binaries shipped: ${bareBinaries.slice(0, 3).join(', ')}`);
  const packedNative = files.filter((file) => file.endsWith('.node'));
  const stillPacked = packedNative.filter((file) => !existsSync(path.join(`${archive}.unpacked`, file)));
  expect(stillPacked.length === 0, `native files left inside app.asar: ${stillPacked.join(', ')}`);
  // sharp's libvips is opened by the system's loader, which cannot read the asar (stack.md "Media").
  const libvips = files.filter((file) => /\/@img\/sharp-libvips-[^/]+\/lib\/libvips-cpp\./.test(file));
  expect(libvips.length > 0, "sharp's libvips is not in the app");
  const packedLibvips = libvips.filter((file) => !existsSync(path.join(`${archive}.unpacked`, file)));
  expect(packedLibvips.length === 0, `libvips left inside app.asar: ${packedLibvips.join(', ')}`);
  const otherPlatforms = packedNative.filter((file) =>
    /prebuilds\/(darwin|win32|linuxmusl|android|ios)-/.test(file),
  );
  expect(otherPlatforms.length === 0, `prebuilds for other platforms shipped: ${otherPlatforms.join(', ')}`);

  // The fuses, read back from the (stub) binary electron-builder flipped.
  const binary = readFileSync(path.join(appDirectory, executableName));
  const at = binary.indexOf(fuseSentinel);
  if (at === -1) {
    failures.push(`no fuse wire in ${executableName}`);
  } else {
    const wire = binary
      .subarray(at + fuseSentinel.length + 2, at + fuseSentinel.length + 2 + 8)
      .toString('ascii');
    expectedFuses.forEach((state, index) => {
      if (state === '*') return;
      expect(wire[index] === state, `fuse ${fuseNames[index]} is ${wire[index] === '1' ? 'on' : 'off'}`);
    });
  }

  // Where the updater reads the feed's address (build/'s `publish`).
  const updateConfig = path.join(appDirectory, 'resources', 'app-update.yml');
  expect(
    existsSync(updateConfig) && /^url: https:\/\//m.test(readFileSync(updateConfig, 'utf8')),
    'resources/app-update.yml is missing or names no https feed',
  );

  const size = files.length;
  console.log(
    `app.asar: ${size} entries; main, preload, renderer present; ${packedNative.length} native file(s) unpacked`,
  );
  return failures;
}

function main() {
  const started = Date.now();
  run(path.join(__dirname, 'buildDesktop.js'), []);
  if (!existsSync(path.join(repositoryRoot, 'out', 'renderer', 'index.html'))) {
    run(path.join(repositoryRoot, 'node_modules', 'vite', 'bin', 'vite.js'), [
      'build',
      '-c',
      'renderer/vite.config.mts',
      '--logLevel',
      'warn',
    ]);
  }
  const stub = makeStubElectron();
  let failures;
  try {
    failures = inspect(packageApp(stub));
  } finally {
    rmSync(stub, { recursive: true, force: true });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (failures.length > 0) {
    console.error(`packaging check FAILED (${seconds} s):`);
    for (const failure of failures) console.error(`  - ${failure}`);
    process.exit(1);
  }
  console.log(`packaging check passed in ${seconds} s (out/package-check/linux-unpacked)`);
}

try {
  main();
} catch (error) {
  console.error(`packaging check FAILED: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
