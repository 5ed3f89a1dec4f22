import { defineConfig } from 'vitest/config';

// The Postgres suite: the same contract tests plus the multi-process claims that only a real
// server can prove (PGlite has one connection, so SKIP LOCKED never skips there).
export default defineConfig({
  test: {
    include: ['test/postgres/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
