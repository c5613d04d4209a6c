// The acknowledgement's content for each seed body's profile: the body's own words with the answer
// date in French, the case number, the recourse, and the headers that stop loops (RFC 3834).
import { describe, expect, it } from 'vitest';
import { listProfileIds, loadProfile } from '../../core/profiles/load.ts';
import { REPO_ROOT } from '../../core/config.ts';
import { composeAck, domainOf } from '../../notify/ack-message.ts';
import { parseEmail } from '../../ingest/parse/email.ts';
import nodemailer from 'nodemailer';

const dir = `${REPO_ROOT}/profiles`;

describe('acknowledgement message', () => {
  it.each(listProfileIds(dir))('%s: French, the answer date, the case number, the recourse', (id) => {
    const profile = loadProfile(dir, id);
    const m = composeAck(profile, { caseId: '2026-4K7PQ-2XMAB', answerDue: '2026-12-16T04:59:59.000Z', queue: profile.queues[0]!.id }, 'Plaintes <plaintes@ville.exemple.qc.ca>', 'a@b.ca');
    expect(m.subject).toBe('Accusé de réception [Dossier 2026-4K7PQ-2XMAB]');
    expect(m.messageId).toBe('<ack.2026-4K7PQ-2XMAB@ville.exemple.qc.ca>');
    expect(m.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied', 'X-Doleances': 'ack' });
    expect(m.text).toContain('15 décembre 2026');
    expect(m.text).not.toContain('{answerDue}');
    expect(m.text).toContain('2026-4K7PQ-2XMAB');
    expect(m.text).toContain(profile.recourse.fr);
    expect(m.text.match(/15 décembre 2026/g)).toHaveLength(1);
  });

  it('comes back as our own mail, never as a case (loop protection)', async () => {
    const profile = loadProfile(dir, 'omh-trois-rivieres');
    const m = composeAck(profile, { caseId: '2026-4K7PQ-2XMAB', answerDue: null, queue: null }, 'Plaintes <plaintes@ville.exemple.qc.ca>', 'a@b.ca');
    const raw = await new Promise<Buffer>((resolve, reject) =>
      nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(m, (err, info) => (err ? reject(err) : resolve(info.message as Buffer))),
    );
    const parsed = await parseEmail(raw);
    expect(parsed.disposition).toBe('autoreply');
    expect(domainOf('Plaintes <Plaintes@Ville.Exemple.qc.ca>')).toBe('ville.exemple.qc.ca');
  });
});
