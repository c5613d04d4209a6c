// `doleances export-contact <contactId|courriel|téléphone> [--format json|html] [--out DOSSIER]`: a
// citizen's file for them, in French (seed 002: « L'accès à leur dossier »; Law 25, access to one's
// personal information). The export is logged (contact.accessed.v1) before anything is printed.
// Doléances must be stopped (the log and the warehouse belong to one process).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DoleancesError } from '../../core/errors.ts';
import { contactExportHtml } from '../../store/contact-export-html.ts';
import { exportContact } from '../../store/contact-export.ts';
import { openOfflineStore } from '../../store/offline.ts';
import type { CommandContext } from '../main.ts';

export async function run({ config }: CommandContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: false,
    options: { format: { type: 'string' }, out: { type: 'string' }, actor: { type: 'string' }, purpose: { type: 'string' }, lang: { type: 'string' } },
  });
  const who = positionals[1];
  const format = (values.format as string | undefined) ?? 'json';
  if (!who || !['json', 'html'].includes(format)) throw new DoleancesError('CLI_USAGE', 'Usage : doleances export-contact <contactId|courriel|téléphone> [--format json|html] [--out DOSSIER]');
  const store = await openOfflineStore(config);
  try {
    const actor = (values.actor as string | undefined) ?? `cli:${os.userInfo().username}`;
    const purpose = (values.purpose as string | undefined) ?? 'Demande d’accès de la personne à son dossier (Loi 25)';
    const { data, accessEvents } = await exportContact(store.db, store.keyring, store.profile, who, { actor, purpose, now: new Date() });
    await store.record(accessEvents);
    const json = `${JSON.stringify(data, null, 2)}\n`;
    if (values.out) {
      const dir = path.resolve(String(values.out));
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const base = path.join(dir, `dossier-${accessEvents[0]!.data.contactId.slice(0, 12)}`);
      fs.writeFileSync(`${base}.json`, json, { mode: 0o600 });
      fs.writeFileSync(`${base}.html`, contactExportHtml(data), { mode: 0o600 });
      process.stdout.write(`${base}.json\n${base}.html\n`);
    } else {
      process.stdout.write(format === 'html' ? contactExportHtml(data) : json);
    }
    return 0;
  } finally {
    await store.close();
  }
}
