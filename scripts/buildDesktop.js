// @ts-check
// Bundles the desktop shell into out/desktop/ with vite (library mode, two separate builds):
//   - main/main.js: the main process (CommonJS, Node target). Electron, Node's built-ins and native
//     modules stay external (required at run time from the app's node_modules); the rest is bundled.
//   - preload/preload.js: the preload as one self-contained CommonJS file (only 'electron' external),
//     because a sandboxed preload cannot require local files.
//   - main/cryptoWorker.js: the engine's crypto worker thread (core/workers), beside the main bundle
//     where core/workers/workerScript.ts looks for it.
// The layout mirrors tsc's out/electron/{main,preload}/, which electron/main/main.ts expects: the
// preload at ../preload/preload.js and the UI at ../../renderer (out/renderer) from the main bundle.
// No source maps: they would ship the sources inside the app.
// Generated protocol code is produced first (the shared code the main process bundles needs it).
'use strict';
const { execFileSync } = require('node:child_process');
const { copyFileSync, existsSync, mkdirSync, rmSync } = require('node:fs');
const { builtinModules } = require('node:module');
const path = require('node:path');

const repositoryRoot = path.resolve(__dirname, '..');
const outDirectory = path.join(repositoryRoot, 'out', 'desktop');

/** Native modules (their .node files cannot be bundled; electron-builder unpacks them from the asar). */
const nativeModules = ['better-sqlite3-multiple-ciphers', 'sodium-native', 'sharp'];
const builtins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** @param {string[]} names @returns {(id: string) => boolean} */
function externalOf(names) {
  return (id) => names.some((name) => id === name || id.startsWith(`${name}/`));
}

/**
 * @param {{ entry: string, fileName: string, external: (id: string) => boolean, outDir: string, keepOutDir?: boolean }} options
 * @returns {import('vite').InlineConfig}
 */
function libraryConfig({ entry, fileName, external, outDir, keepOutDir = false }) {
  return {
    configFile: false,
    root: repositoryRoot,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: !keepOutDir,
      target: 'node22',
      ssr: true,
      sourcemap: false,
      minify: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: { entry: path.join(repositoryRoot, entry), formats: ['cjs'], fileName: () => fileName },
      rolldownOptions: { external, output: { codeSplitting: false } },
    },
    ssr: { noExternal: true, target: 'node' },
  };
}

async function main() {
  for (const generator of ['generateWordList.js', 'generateProtobuf.js']) {
    execFileSync(process.execPath, [path.join(__dirname, generator)], { stdio: 'inherit' });
  }
  const { build } = await import('vite');
  const mainEntry = path.join('electron', 'main', 'main.ts');
  if (!existsSync(path.join(repositoryRoot, mainEntry))) {
    throw new Error(`${mainEntry} does not exist yet: nothing to bundle for the main process.`);
  }
  rmSync(outDirectory, { recursive: true, force: true });
  await build(
    libraryConfig({
      entry: mainEntry,
      fileName: 'main.js',
      // electron-updater requires 'electron' at run time from inside itself: it stays a package.
      external: externalOf(['electron', 'electron-updater', ...builtins, ...nativeModules]),
      outDir: path.join(outDirectory, 'main'),
    }),
  );
  await build(
    libraryConfig({
      entry: path.join('core', 'workers', 'cryptoWorker.ts'),
      fileName: 'cryptoWorker.js',
      external: externalOf([...builtins, ...nativeModules]),
      outDir: path.join(outDirectory, 'main'),
      keepOutDir: true,
    }),
  );
  await build(
    libraryConfig({
      entry: path.join('electron', 'preload', 'preload.ts'),
      fileName: 'preload.js',
      external: externalOf(['electron']),
      outDir: path.join(outDirectory, 'preload'),
    }),
  );
  // The tray icon, beside the main bundle (assets/ itself is not in the app).
  mkdirSync(path.join(outDirectory, 'tray'), { recursive: true });
  for (const size of ['16x16', '32x32']) {
    copyFileSync(
      path.join(repositoryRoot, 'assets', 'icons', `${size}.png`),
      path.join(outDirectory, 'tray', `tray-${size}.png`),
    );
  }
  console.log(
    `desktop shell bundled into ${path.relative(repositoryRoot, outDirectory)}/ (main/main.js, main/cryptoWorker.js, preload/preload.js)`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
