// Test projects: `unit` (pure logic beside the code), `embedded` (whole pipeline on the embedded
// log and real DuckDB files), and the real-server suites that later issues add (kafka, imap, e2e).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{core,ingest,classify,store,analytics,dashboards}/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'embedded',
          include: ['test/embedded/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
