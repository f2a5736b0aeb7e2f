// @ts-check
// electron-builder configuration of the desktop app (issue 7, "Distribution"). `npm run dist` builds
// the installers for the current platform; `npm run check:package` packages `--dir` against a stub
// Electron and checks what ends up in app.asar (scripts/checkPackage.js).
//
// The app is out/desktop (main and preload bundles), out/renderer (the UI) and the production
// dependencies. No sources, tests, source maps or type declarations, in our files or in node_modules.
'use strict';

/** What the app is made of (the platforms' `files` below replace this list, so they repeat it). */
const commonFiles = [
  'package.json',
  'out/desktop/**/*',
  'out/renderer/**/*',
  '!**/*.map',
  '!**/*.{ts,mts,cts,tsx}',
  '!**/*.test.*',
  '!**/{test,tests,__tests__,spec,example,examples,docs,.github}/**',
  '!**/*.{md,markdown,gyp,gypi,c,cc,cpp,h,hpp,mk,o,obj,pdb}',
  '!**/{.env,.env.*,.profiles,.devnet,.npmrc,.eslintrc*,.prettierrc*,tsconfig*.json}',
  // The native database module without its C sources (its prebuilds: see prebuildsOf below).
  '!node_modules/better-sqlite3-multiple-ciphers/{deps,src}/**',
  // sodium-native (the engine's crypto) without its C sources and build files, and no binaries built
  // for the Bare runtime (*.bare, which sodium-native and its helper packages carry beside the N-API
  // ones): neither Node nor Electron loads them.
  '!node_modules/**/*.bare',
  '!node_modules/sodium-native/{extensions/**,CMakeLists.txt}',
];

/**
 * Leaves out the native modules' prebuilt binaries for the other platforms (electron-builder uses
 * a platform's `files` instead of the common ones, not in addition): the database module's files
 * `prebuilds/<platform>-<arch>.node`, sodium-native's folders `prebuilds/<platform>-<arch>/`, which
 * also hold Android and iOS builds.
 * @param {string} platform the prebuilds' platform prefix
 */
function prebuildsOf(platform) {
  const all = ['linux', 'linuxmusl', 'darwin', 'win32'];
  const others = all.filter((name) => name !== platform).join(',');
  const sodiumOthers = ['linux', 'darwin', 'win32', 'android', 'ios']
    .filter((name) => name !== platform)
    .join(',');
  return {
    files: [
      ...commonFiles,
      `!node_modules/better-sqlite3-multiple-ciphers/prebuilds/{${others}}-*.node`,
      `!node_modules/sodium-native/prebuilds/{${sodiumOthers}}-*/**`,
    ],
  };
}

/** @type {import('app-builder-lib').Configuration} */
const config = {
  appId: 'network.getsession.starling',
  productName: 'Starling',
  executableName: 'starling',
  copyright: 'Copyright © Starling contributors',
  directories: { output: 'out/dist', buildResources: 'assets' },
  extraMetadata: { main: 'out/desktop/main/main.js' },
  files: commonFiles,
  asar: true,
  // The generic update feed (issue 7): electron-builder writes latest*.yml beside the installers for
  // this address and resources/app-update.yml into the app, which electron/main reads at start.
  // No server answers at this address yet: until one does, the app says it could not check.
  publish: [{ provider: 'generic', url: 'https://updates.starling.invalid/desktop' }],
  // A .node file cannot be loaded from inside the asar. sharp's libvips (libvips-cpp.so beside its
  // .node in @img/*) is opened by the system's dynamic loader, which cannot read the asar either, and
  // electron-builder's own detection leaves it packed (stack.md "Media"): both packages go whole.
  asarUnpack: ['**/*.node', '**/node_modules/sharp/**/*', '**/node_modules/@img/**/*'],
  // The native modules are N-API prebuilds that work in Electron as they are; rebuilding would run
  // node-gyp (against the wrong headers here, see stack.md) and download Electron's headers.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  // design.md, "Security rules": Electron's fuses, flipped in the packaged binary.
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  win: { target: ['nsis'], icon: 'assets/icon.ico', ...prebuildsOf('win32') },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: {
    target: ['dmg'],
    icon: 'assets/icon.icns',
    category: 'public.app-category.social-networking',
    ...prebuildsOf('darwin'),
  },
  dmg: { title: 'Starling ${version}' },
  linux: {
    target: ['AppImage', 'deb', 'rpm'],
    icon: 'assets/icons',
    category: 'Network;InstantMessaging;Chat',
    maintainer: 'Starling contributors <starling@localhost>',
    synopsis: 'Private messaging over the Session network',
    ...prebuildsOf('linux'),
  },
};

module.exports = config;
