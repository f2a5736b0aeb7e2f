import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,core,cli,devnet,electron,test}/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
    globalSetup: ['./test/globalSetup.ts'],
    testTimeout: 20_000,
  },
});
