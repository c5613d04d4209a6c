// The `kafka` test project: suites against a real single-node Kafka broker (KRaft, no Docker) that
// test/kafka/global-setup.ts starts once for the project. Import into vitest.config.ts `projects`.
import { fileURLToPath } from 'node:url';

export const kafkaProject = {
  test: {
    name: 'kafka',
    include: ['test/kafka/**/*.test.ts'],
    globalSetup: [fileURLToPath(new URL('./global-setup.ts', import.meta.url))],
    // The first run fetches the jars from Maven Central (~50 MB) inside globalSetup.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
};

export default kafkaProject;
