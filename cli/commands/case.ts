// `doleances case <id> [show | <action>] [--option value …]`: the case file from the command line,
// with Doléances stopped (the embedded log and the warehouse belong to one process; the staff web
// app, issue 9, does the same while it runs). `show` prints the file and logs the consultation;
// every other action goes through the lifecycle commands (core/lifecycle/commands), is published,
// projected, and printed. The acting person is --actor (default cli:<user>) with --roles.
// `merge --into <dossier> --reason …` merges this case, a duplicate, into the case it duplicates.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { DoleancesError } from '../../core/errors.ts';
import { CHANNEL_LABELS, KIND_LABELS, STATUS_LABELS, formatDateTime, label, mergedLabel } from '../../core/i18n/format.ts';
import { runCaseCommand, runMergeCommand, CASE_COMMANDS } from '../../core/lifecycle/commands/index.ts';
import type { CaseFile } from '../../store/case-file.ts';
import { caseFile } from '../../store/queries.ts';
import { loadCase } from '../../store/case-state.ts';
import { openOfflineStore, type OfflineStore } from '../../store/offline.ts';
import { VaultReader } from '../../store/vault.ts';
import type { CommandContext } from '../main.ts';

const OPTIONS = [
  'reason', 'text', 'queue', 'assignee', 'question', 'via', 'at', 'message-id', 'finding', 'criteria', 'improvements', 'body', 'consent', 'code',
  'kind', 'nature', 'urgency', 'urgency-reason', 'admissibility', 'step', 'note', 'clock', 'until', 'justification', 'purpose', 'role', 'fields',
  'employee', 'intervention-at', 'into', 'actor', 'roles',
] as const;

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { ...Object.fromEntries(OPTIONS.map((o) => [o, { type: 'string' as const }])), json: { type: 'boolean' }, lang: { type: 'string' } },
  });
  const [, caseId, action = 'show'] = positionals;
  if (!caseId) throw new DoleancesError('CLI_USAGE', `Usage : doleances case <dossier> [show | ${Object.keys(CASE_COMMANDS).join(' | ')} | merge --into <dossier>] [--option valeur …]`);
  const args: Record<string, unknown> = {};
  for (const o of OPTIONS) if (typeof values[o] === 'string' && o !== 'actor' && o !== 'roles' && o !== 'into') args[camel(o)] = values[o];
  const into = typeof values.into === 'string' ? values.into.trim().toUpperCase() : null;
  if (action === 'merge' && !into) throw new DoleancesError('CLI_USAGE', 'Usage : doleances case <doublon> merge --into <dossier conservé> --reason "…"');
  const actor = { id: (values.actor as string | undefined) ?? `cli:${os.userInfo().username}`, roles: String(values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean) };
  return { caseId, action, args, into, actor, json: values.json === true };
}

export async function run({ config }: CommandContext): Promise<number> {
  const o = parse(process.argv.slice(2));
  const store = await openOfflineStore(config);
  try {
    const ctx = { actor: o.actor, now: new Date(), profile: store.profile, calendar: store.calendar, keyring: store.keyring };
    const snap = await loadCase(store.db, o.caseId, store.profile, store.calendar);
    if (o.action === 'show') {
      await store.record(runCaseCommand('view', snap, ctx, { purpose: o.args.purpose ?? 'consultation en ligne de commande' }));
      const file = (await caseFile(store.db, o.caseId, ctx.now))!;
      process.stdout.write(o.json ? `${JSON.stringify(file, null, 2)}\n` : await render(store, file));
      return 0;
    }
    const events = o.action === 'merge' ? runMergeCommand(snap, await loadCase(store.db, o.into!, store.profile, store.calendar), ctx, o.args) : runCaseCommand(o.action, snap, ctx, o.args);
    await store.record(events);
    const after = (await caseFile(store.db, o.caseId, ctx.now))!;
    if (o.json) process.stdout.write(`${JSON.stringify({ events, status: after.case.status }, null, 2)}\n`);
    else process.stdout.write(`Dossier ${o.caseId} : ${events.length} événement(s) consigné(s) ; état : ${after.case.merged_into ? mergedLabel(String(after.case.merged_into)) : label(STATUS_LABELS, after.case.status)}.\n`);
    if (o.action === 'reveal') process.stdout.write(await identity(store, after));
    return 0;
  } finally {
    await store.close();
  }
}

async function identity(store: OfflineStore, f: CaseFile): Promise<string> {
  if (!f.identity) return 'Message anonyme : aucune identité.\n';
  const vault = new VaultReader(store.db, store.keyring);
  const lines = [];
  for (const [k, v] of Object.entries({ Nom: f.identity.name, Courriel: f.identity.email, Téléphone: f.identity.phone, Télécopieur: f.identity.fax, Adresse: f.identity.address })) {
    if (v) lines.push(`  ${k} : ${await vault.open(v)}`);
  }
  return `Identité (levée consignée au dossier) :\n${lines.join('\n')}\n`;
}

async function render(store: OfflineStore, f: CaseFile): Promise<string> {
  const tz = store.profile.timezone;
  const c = f.case as Record<string, string | null>;
  const vault = new VaultReader(store.db, store.keyring);
  const out = [
    `Dossier ${c.case_id} — ${c.merged_into ? mergedLabel(c.merged_into) : label(STATUS_LABELS, c.status)}`,
    `Reçu le ${formatDateTime(c.received_at!, tz)} (${label(CHANNEL_LABELS, c.channel)}) ; ${label(KIND_LABELS, c.kind)}, nature ${c.nature ?? '—'}, urgence ${c.urgency ?? '—'}`,
    `File : ${c.queue ?? '—'} ; responsable : ${c.assignee ?? '—'} ; personne : contact pseudonyme ${c.contact_id ?? 'anonyme'} (identité protégée)`,
    '',
    'Délais :',
    ...f.deadlines.map((d) => `  ${d.label.padEnd(28)} ${formatDateTime(d.due_at, tz)}  ${d.stateLabel}${d.met_at ? ` (le ${formatDateTime(d.met_at, tz)})` : ''}${d.extension_reason ? ` — prolongé : ${d.extension_reason}` : ''}`),
    '',
    'Historique :',
    ...f.timeline.map((e) => `  ${String(e.seq).padStart(3)}. ${formatDateTime(e.occurred_at, tz)}  ${e.label}  — ${e.actor}${e.reason ? ` : ${e.reason}` : ''}`),
    '',
    'Messages :',
  ];
  for (const m of f.messages) {
    const text = m.text ? await vault.open(m.text).catch(() => '(illisible)') : '';
    out.push(`  [${m.direction === 'inbound' ? 'reçu' : 'envoyé'} ${formatDateTime(m.sent_at, tz)}, ${label(CHANNEL_LABELS, m.channel)}] ${(text ?? '').replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  if (f.duplicates.length) out.push('', 'Doublons fusionnés à ce dossier (leurs messages : doleances case <doublon> show) :', ...f.duplicates.map((d) => `  ${d.case_id}  reçu le ${formatDateTime(d.received_at, tz)} (${label(CHANNEL_LABELS, d.channel)}) ; fusionné le ${formatDateTime(d.merged_at, tz)}${d.via ? ` (d'abord au dossier ${d.via})` : ''}${d.reason ? ` : ${d.reason}` : ''}`));
  if (f.antecedents.length) out.push('', 'Antécédents de la personne :', ...f.antecedents.map((a) => `  ${a.case_id}  ${formatDateTime(a.received_at, tz)}  ${a.nature ?? '—'}  ${label(STATUS_LABELS, a.status)}`));
  if (f.sameAddress.length) out.push('', 'Autres dossiers à la même adresse :', ...f.sameAddress.map((a) => `  ${a.case_id}  ${formatDateTime(a.received_at, tz)}  ${a.nature ?? '—'}  ${label(STATUS_LABELS, a.status)}`));
  return `${out.join('\n')}\n`;
}
