import { defineConfig } from 'vitest/config';

// Browser tests: the web console in Debian's Chromium (/usr/bin/chromium) driven by playwright-core.
// Kept out of `npm test` so the suite runs where no browser is installed; `.ci/run` installs
// chromium and runs these (`npm run test:browser`). Screenshots land in test-artifacts/console/.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
