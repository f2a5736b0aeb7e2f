import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,core,cli,devnet,electron,renderer,test}/**/*.test.ts'],
    globalSetup: ['./test/globalSetup.ts'],
    testTimeout: 20_000,
  },
});
