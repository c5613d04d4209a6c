// The `e2e` project: the staff web app on a random loopback port, with a fresh DuckDB warehouse and
// the embedded log, driven by Debian's Chromium through playwright-core (scripts/chromium/install.sh
// installs it; a browser that can't start fails the run, never skips it), and HTTP-level role
// tests. Import it into vitest.config.ts:
//   import { e2eProject } from './test/e2e/vitest.project.ts';
//   export default defineConfig({ test: { projects: [ ..., e2eProject ] } });
// Files run one after the other: each starts its own Doléances and, for browser tests, its own Chromium.

export const e2eProject = {
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
};

export default e2eProject;
