import { defineConfig } from 'vitest/config';

// Tests and the in-process harness must never write into a developer's real keychain.
const keychainOff = { STARLING_KEYCHAIN: 'none' };

export default defineConfig({
  test: {
    globalSetup: ['./test/globalSetup.ts'],
    // Each test file chooses its process's crypto as every Node entry point does: native, unless
    // STARLING_CRYPTO=wasm.
    setupFiles: ['./test/cryptoChoice.ts'],
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'native',
          include: ['{shared,core,cli,devnet,electron,test}/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
          env: keychainOff,
        },
      },
      {
        // The protocol's vector tests once more on the wasm build (a few seconds): the same vectors
        // pass on both implementations.
        extends: true,
        test: {
          name: 'wasm',
          include: ['shared/protocol/**/*.test.ts', 'core/crypto/**/*.test.ts', 'core/identity/**/*.test.ts'],
          env: { ...keychainOff, STARLING_CRYPTO: 'wasm' },
        },
      },
    ],
  },
});
