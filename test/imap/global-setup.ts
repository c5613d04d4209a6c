// vitest globalSetup of the `imap` project: one real Dovecot (scripts/dovecot/server.ts) for the
// whole project, stopped in teardown. If it cannot start, the run FAILS (no skipping): run
// `sudo bash scripts/dovecot/install.sh` once on a new machine.
//
// Tests read the connection info with `inject('dovecot')`. Tests that need restart() start their
// own instance with startDovecot(); recreateMailbox/addUser on this shared one go through
// dovecotAdmin(inject('dovecot').baseDir).
import type { TestProject } from 'vitest/node';
import { startDovecot, type DovecotServer } from '../../scripts/dovecot/server.ts';

export interface ProvidedDovecot {
  host: string;
  port: number;
  users: { user: string; password: string }[];
  /** Instance dir, for dovecotAdmin(baseDir) (doveadm, recreateMailbox, addUser). */
  baseDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    dovecot: ProvidedDovecot;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = Date.now();
  let server: DovecotServer | undefined = await startDovecot({
    startTimeoutMs: Number(process.env.DOLEANCES_DOVECOT_START_TIMEOUT_MS) || 20_000,
  });
  const info: ProvidedDovecot = {
    host: server.host,
    port: server.port,
    users: server.users.map((u) => ({ ...u })),
    baseDir: server.baseDir,
  };
  project.provide('dovecot', info);
  if (process.env.DOLEANCES_DOVECOT_VERBOSE) {
    console.log(`[imap] dovecot up on ${info.host}:${info.port} in ${Date.now() - t0} ms (${info.baseDir})`);
  }
  return async () => {
    const s = server;
    server = undefined;
    await s?.stop();
  };
}
