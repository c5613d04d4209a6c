// Runs only the imap project: npx vitest run --config test/imap/vitest.local.config.ts
import { defineConfig } from 'vitest/config';
import { imapProject } from './vitest.project.ts';

export default defineConfig({
  root: new URL('../..', import.meta.url).pathname,
  test: { projects: [imapProject] },
});
