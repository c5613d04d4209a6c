// The `imap` vitest project (real Dovecot on loopback). Import it into vitest.config.ts:
//   import { imapProject } from './test/imap/vitest.project.ts';
//   export default defineConfig({ test: { projects: [ ..., imapProject ] } });
import { fileURLToPath } from 'node:url';

export const imapProject = {
  test: {
    name: 'imap',
    include: ['test/imap/**/*.test.ts'],
    globalSetup: [fileURLToPath(new URL('./global-setup.ts', import.meta.url))],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One shared Dovecot and its accounts: files run one after the other.
    fileParallelism: false,
  },
};

export default imapProject;
