// The first administrator. On a start with no account at all: from the configured bootstrap
// credentials (DOLEANCES_ADMIN_USER / DOLEANCES_ADMIN_PASSWORD) when given, otherwise with a
// random password written to <data>/keys/admin-initial-password (mode 0600) and the path logged,
// never the password. Once any account exists this does nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { StaffServices } from '../services.ts';

export async function bootstrapAdmin(svc: StaffServices): Promise<void> {
  if ((await svc.users.count()) > 0) return;
  const given = svc.deps.bootstrapAdmin;
  const username = given?.username || 'admin';
  let password = given?.password;
  if (!password) {
    password = crypto.randomBytes(18).toString('base64url');
    const file = path.join(svc.deps.config.dataDir, 'keys', 'admin-initial-password');
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${username}\n${password}\n`, { mode: 0o600 });
    svc.logger.warn({ username, file }, 'first administrator created: its password is in this file (change it, then delete the file)');
  }
  await svc.users.create({ username, displayName: 'Administrateur', role: 'admin', services: [], password, lang: 'fr' }, 'bootstrap');
}
