// One Doléances for a test file: a fresh data directory and DuckDB warehouse, the embedded log and
// the whole pipeline started in-process by main.ts's startDoleances (no examples copied), and the
// staff web app on a random loopback port (PORT=0), with a bootstrap administrator. Helpers drop
// emails in the inbox, wait for their case, and create staff accounts through the admin pages.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../core/config.ts';
import { openKeyring } from '../../core/crypto/keyring.ts';
import { loadProfile } from '../../core/profiles/load.ts';
import { startStaffWeb, type StaffWeb } from '../../dashboards/server.ts';
import { startDoleances, type Running } from '../../main.ts';
import { silentLogger, tempDataDir, testConfig, waitFor } from '../helpers/app.ts';
import { HttpClient } from './http-client.ts';

export const ADMIN = { username: 'admin', password: 'mot-de-passe-admin-e2e' };
export const PASSWORD = 'un-mot-de-passe-de-test';

export interface Stack {
  config: Config;
  running: Running;
  web: StaffWeb;
  url: string;
  admin: HttpClient;
  dropEmail(name: string, mail: { from: string; subject: string; text?: string; html?: string; date?: Date }): void;
  waitForCase(subjectHint: { nature?: string; queue?: string; after?: number }): Promise<{ case_id: string; queue: string; nature: string }>;
  caseIds(): Promise<string[]>;
  addUser(u: { username: string; displayName: string; role: string; services?: string[] }): Promise<void>;
  stop(): Promise<void>;
}

function eml(mail: { from: string; subject: string; text?: string; html?: string; date?: Date }, n: number): string {
  const date = (mail.date ?? new Date()).toUTCString().replace('GMT', '+0000');
  const head = `From: ${mail.from}\r\nTo: plaintes@omhtr.example\r\nSubject: ${mail.subject}\r\nDate: ${date}\r\nMessage-ID: <e2e-${Date.now()}-${n}@test.example>\r\nMIME-Version: 1.0\r\n`;
  if (!mail.html) return `${head}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${mail.text ?? ''}\r\n`;
  const b = `b-${n}`;
  return `${head}Content-Type: multipart/alternative; boundary="${b}"\r\n\r\n--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${mail.text ?? ''}\r\n--${b}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${mail.html}\r\n--${b}--\r\n`;
}

export async function startStack(extraEnv: Record<string, string> = {}): Promise<Stack> {
  const dir = tempDataDir('dol-e2e-');
  const config = testConfig(dir, { DOLEANCES_SEED_EXAMPLES: 'false', ...extraEnv });
  const running = await startDoleances(config, { logger: silentLogger, web: false });
  const web = await startStaffWeb({
    config,
    profile: loadProfile(config.profilesDir, config.profileId),
    warehouse: running.db,
    log: running.log,
    keyring: openKeyring(config),
    logger: silentLogger,
    bootstrapAdmin: ADMIN,
    livePollMs: 200,
  });
  const admin = new HttpClient(web.url);
  if ((await admin.login(ADMIN.username, ADMIN.password)) !== 303) throw new Error('bootstrap admin cannot sign in');
  const reader = await running.db.reader();
  let n = 0;
  return {
    config,
    running,
    web,
    url: web.url,
    admin,
    dropEmail(name, mail) {
      fs.mkdirSync(config.paths.inbox, { recursive: true });
      const tmp = path.join(config.paths.inbox, `.${name}.tmp`);
      fs.writeFileSync(tmp, eml(mail, ++n));
      fs.renameSync(tmp, path.join(config.paths.inbox, name));
    },
    async waitForCase(hint) {
      return waitFor(async () => {
        const rows = await reader.all<{ case_id: string; queue: string; nature: string }>(
          `SELECT case_id, queue, nature FROM cases WHERE queue IS NOT NULL ORDER BY received_at DESC`,
        );
        return rows.find((r) => (!hint.nature || r.nature === hint.nature) && (!hint.queue || r.queue === hint.queue));
      }, 60_000);
    },
    async caseIds() {
      return (await reader.all<{ case_id: string }>(`SELECT case_id FROM cases`)).map((r) => r.case_id);
    },
    async addUser(u) {
      const r = await admin.post('/admin/utilisateurs', { username: u.username, displayName: u.displayName, role: u.role, services: u.services ?? [], password: PASSWORD, lang: 'fr' });
      if (r.status !== 303) throw new Error(`cannot create ${u.username}: ${r.status} ${r.text.slice(0, 300)}`);
    },
    async stop() {
      await web.stop();
      await running.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
