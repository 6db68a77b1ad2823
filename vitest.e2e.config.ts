import { defineConfig } from 'vitest/config';

// Browser tests: real Chromium (playwright-core) against the built site. The global setup builds it.
// Time limits only bound a hang (a busy machine is several times slower; speed is `npm run bench`'s):
// a test, a hook, and expect.poll's default of 1 s, which a loaded page can miss.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    expect: { poll: { timeout: 30_000 } },
    // One file at a time: each drives a browser, and the machines have two cores.
    fileParallelism: false,
  },
});
