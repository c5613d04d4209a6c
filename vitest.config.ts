// Test projects: `unit` (pure logic beside the code), `embedded` (whole pipeline on the embedded
// log and real DuckDB files, child processes for kill -9), and the real-server suites: `kafka`
// (an Apache Kafka broker from Maven Central, KRaft), `imap` (Dovecot) and `e2e` (Debian's Chromium
// driving the staff web app). The server suites fail,
// never skip, when their server can't start.
import { defineConfig } from 'vitest/config';
import { e2eProject } from './test/e2e/vitest.project.ts';
import { imapProject } from './test/imap/vitest.project.ts';
import { kafkaProject } from './test/kafka/vitest.project.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{core,ingest,classify,store,analytics,dashboards,notify}/**/*.test.ts'],
          testTimeout: 60_000,
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
      kafkaProject,
      imapProject,
      e2eProject,
    ],
  },
});
