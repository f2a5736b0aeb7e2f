import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,core,cli,devnet,electron,test}/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
    globalSetup: ['./test/globalSetup.ts'],
    testTimeout: 20_000,
    // Tests and the in-process harness must never write into a developer's real keychain.
    env: { STARLING_KEYCHAIN: 'none' },
  },
});
