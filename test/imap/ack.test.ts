// Acknowledgements by SMTP to a real SMTP peer on loopback: every new admissible case from a mail
// gets one, in French, with the case number, the answer date, the recourse, our Message-ID and
// the automatic-reply headers; auto-replies get none; a redelivered event sends nothing again; a
// crash after the server accepted the message is sent again only from the "sending" record;
// the per-address limit stops two systems from looping; a refused address is not retried.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { seal } from '../../core/crypto/sealed.ts';
import { publishEvents } from '../../core/events/publish.ts';
import { formatDate } from '../../core/i18n/format.ts';
import { dovecotAdmin } from '../../scripts/dovecot/server.ts';
import { startAckStage, type AckStageDeps } from '../../notify/ack-stage.ts';
import { silentLogger } from '../helpers/app.ts';
import { append, complaint, fixture, freshAccount, intakes, mailboxFor, startPipeline, waitFor, type Pipeline } from './helpers/pipeline.ts';
import { startSmtpPeer, type SmtpPeer } from './helpers/smtp.ts';

const dovecot = inject('dovecot');
const admin = dovecotAdmin(dovecot.baseDir);
const pipelines: Pipeline[] = [];
const peers: SmtpPeer[] = [];
afterAll(async () => {
  for (const p of pipelines) await p.stop();
  for (const s of peers) await s.stop();
});

async function setup(opts: { imap?: boolean; ack?: Partial<AckStageDeps>; env?: Record<string, string> } = {}) {
  const smtp = await startSmtpPeer();
  peers.push(smtp);
  const acc = freshAccount('accuses');
  await admin.addUser(acc.user, acc.password);
  const p = await startPipeline([mailboxFor(dovecot, acc)], { imap: opts.imap, env: { SMTP_URL: smtp.url, ...opts.env } });
  pipelines.push(p);
  const startAck = async () => {
    const stage = await startAckStage(p.log, { config: p.config, profile: p.profile, keyring: p.keyring, logger: silentLogger, ...opts.ack });
    p.also(stage);
    return stage;
  };
  return { smtp, acc, p, startAck };
}

describe('acknowledgements by SMTP', () => {
  it('sends one French acknowledgement per new case, none for an auto-reply, none twice', async () => {
    const { smtp, acc, p, startAck } = await setup();
    await startAck();
    await append(dovecot, acc, [complaint(61, { from: 'ginette@exemple.test' }), fixture('060')]);
    await waitFor(async () => smtp.received.length === 1, 30_000);
    const row = await waitFor(async () => p.reader.one<{ case_id: string; status: string; ack_sent_at: string | null }>(`SELECT case_id, status, ack_sent_at FROM cases WHERE ack_sent_at IS NOT NULL`), 30_000);
    expect(row.status).toBe('accuse_envoye');
    const answer = await p.reader.one<{ due_at: string }>(`SELECT due_at FROM deadlines WHERE case_id = $1 AND clock = 'answer'`, [row.case_id]);

    const m = smtp.received[0]!;
    expect(m.to).toEqual(['ginette@exemple.test']);
    expect(m.from).toBe('plaintes@doleances.local');
    expect(m.mail.subject).toBe(`Accusé de réception [Dossier ${row.case_id}]`);
    expect(m.mail.messageId).toBe(`<ack.${row.case_id}@doleances.local>`);
    expect(m.mail.headers.get('auto-submitted')).toBe('auto-replied');
    expect(m.mail.headers.get('x-doleances')).toBe('ack');
    const text = m.mail.text!;
    expect(text).toContain(row.case_id);
    expect(text).toContain(formatDate(answer!.due_at, p.profile.timezone, 'fr'));
    expect(text).toMatch(/\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) 20\d\d/);
    expect(text).toContain('Protecteur du citoyen');
    expect(text).toContain('Nous avons bien reçu votre message');

    // The same acknowledgement-due event delivered again: nothing more is sent.
    const due = await p.reader.one<{ payload: string }>(`SELECT data::VARCHAR AS payload FROM case_events WHERE case_id = $1 AND type = 'case.acknowledgement-due.v1'`, [row.case_id]);
    const data = JSON.parse(due!.payload) as { caseId: string; dueAt: string; channel: 'email'; via: 'email' };
    await publishEvents(p.log, [{ id: 'redelivered-ack-due-1', type: 'case.acknowledgement-due.v1', occurredAt: new Date().toISOString(), correlationId: 'c', profileId: p.profile.id, data }]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.received).toHaveLength(1);
    expect((await intakes(p.reader)).map((r) => r.disposition).sort()).toEqual(['autoreply', 'case']);
  }, 60_000);

  it('after a crash: a "sending" record is sent again (same Message-ID), a "sent" one only published', async () => {
    const { smtp, p, startAck } = await setup({ imap: false });
    const to = seal(p.keyring, 'crash@exemple.test');
    const base = { profileId: p.profile.id, correlationId: 'c', to, answerDue: '2026-12-16T04:59:59.000Z', queue: null, dueAt: new Date().toISOString() };
    fs.mkdirSync(path.join(p.config.paths.state, 'notify'), { recursive: true });
    fs.writeFileSync(
      path.join(p.config.paths.state, 'notify', 'acks.jsonl'),
      [
        { caseId: '2026-AAAAA-AAAAA', ...base, state: 'queued' },
        { caseId: '2026-AAAAA-AAAAA', state: 'sending' },
        { caseId: '2026-BBBBB-BBBBB', ...base, state: 'queued' },
        { caseId: '2026-BBBBB-BBBBB', state: 'sending' },
        { caseId: '2026-BBBBB-BBBBB', state: 'sent', sentAt: new Date().toISOString(), messageId: '<ack.2026-BBBBB-BBBBB@doleances.local>' },
      ].map((l) => JSON.stringify(l)).join('\n') + '\n',
    );
    await startAck();
    await waitFor(async () => smtp.received.length === 1, 20_000);
    await waitFor(async () => (await p.reader.all(`SELECT 1 FROM case_events WHERE type = 'case.acknowledgement-sent.v1'`)).length === 2, 20_000);
    expect(smtp.received[0]!.mail.messageId).toBe('<ack.2026-AAAAA-AAAAA@doleances.local>');
  }, 40_000);

  it('sends none for a duplicate merged before its acknowledgement left, and says so in its file', async () => {
    const { smtp, acc, p, startAck } = await setup();
    await append(dovecot, acc, [complaint(62, { from: 'double@exemple.test' })]);
    const row = await waitFor(async () => p.reader.one<{ case_id: string }>(`SELECT case_id FROM cases`), 30_000);
    await publishEvents(p.log, [{ id: 'merge-before-ack-1', type: 'case.merged.v1', occurredAt: new Date().toISOString(), correlationId: 'c', profileId: p.profile.id, data: { caseId: row.case_id, intoCaseId: '2026-KEPTX-KEPTX', actor: 'agent:test', reason: 'même plainte reçue deux fois' } }]);
    await startAck();
    const skipped = await waitFor(async () => p.reader.one<{ payload: string }>(`SELECT data::VARCHAR AS payload FROM case_events WHERE case_id = $1 AND type = 'case.staff-action.v1'`, [row.case_id]), 30_000);
    expect(JSON.parse(skipped.payload)).toMatchObject({ action: 'accuse-non-envoye', details: { reason: expect.stringContaining('2026-KEPTX-KEPTX') } });
    expect(smtp.received).toHaveLength(0);
  }, 60_000);

  it('limits acknowledgements per address, and does not retry a refused one', async () => {
    const { smtp, acc, p, startAck } = await setup({ ack: { rateLimit: { max: 2, windowMs: 3_600_000 } } });
    await startAck();
    smtp.failNext(1, 451); // transient: retried
    await append(dovecot, acc, [1, 2, 3].map((n) => complaint(70 + n, { from: 'robot@exemple.test' })));
    await waitFor(async () => (await p.reader.all(`SELECT 1 FROM case_events WHERE type = 'case.staff-action.v1'`)).length === 1, 30_000);
    await waitFor(async () => smtp.received.length === 2, 30_000);
    const note = await p.reader.one<{ payload: string }>(`SELECT data::VARCHAR AS payload FROM case_events WHERE type = 'case.staff-action.v1'`);
    expect(JSON.parse(note!.payload)).toMatchObject({ action: 'accuse-non-envoye', details: { errorCode: 'ACK_RATE_LIMITED' } });

    smtp.failNext(1, 550); // permanent: recorded, never retried
    await append(dovecot, acc, [complaint(80, { from: 'inexistant@exemple.test' })]);
    await waitFor(async () => (await p.reader.all(`SELECT 1 FROM case_events WHERE type = 'case.staff-action.v1'`)).length === 2, 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.received).toHaveLength(2);
  }, 60_000);
});
