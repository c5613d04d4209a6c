// The mailboxes file: defaults, secrets beside it, and errors that name the faulty field; the
// checkpoint file written atomically.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointStore } from './checkpoint.ts';
import { imapAuth, loadMailboxes, parseMailboxes } from './config.ts';
import { emailOptionsFor } from './index.ts';

const base = { id: 'plaintes', host: 'imap.exemple.qc.ca', auth: { user: 'plaintes@exemple.qc.ca', password: 's3cret' } };

describe('mailboxes file', () => {
  it('fills the defaults and compiles the fax patterns', () => {
    const [m] = parseMailboxes({ mailboxes: [{ ...base, fax: { senders: ['telecopie\\.exemple'] } }] }, 'test');
    expect(m).toMatchObject({ port: 993, tls: true, folders: ['INBOX'], handledFolder: 'Traités', pollSeconds: 60 });
    const opts = emailOptionsFor(m!, 'Doléances <accuses@exemple.qc.ca>');
    expect(opts.faxSenders[0]!.test('avis@TELECOPIE.exemple.ca')).toBe(true);
    expect(opts.faxSubjects.length).toBeGreaterThan(0);
    expect(opts.ownAddresses).toEqual(['accuses@exemple.qc.ca', 'plaintes@exemple.qc.ca']);
  });

  it('names the faulty field', () => {
    const err = (raw: unknown) => {
      try {
        parseMailboxes(raw, 'boites.json');
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(err({ mailboxes: [{ ...base, port: 'x' }] })).toMatch(/boites\.json.*mailboxes\.0\.port/);
    expect(err({ mailboxes: [{ ...base, auth: { user: 'u' } }] })).toMatch(/mailboxes\.0\.auth.*exactement un/);
    expect(err({ mailboxes: [{ ...base, fax: { subjects: ['(('] } }] })).toMatch(/mailboxes\.0\.fax\.subjects\.0.*invalide/);
    expect(err({ mailboxes: [base, base] })).toMatch(/mailboxes\.1\.id.*double/);
    expect(err({ mailboxes: [{ ...base, handledFolder: 'INBOX' }] })).toMatch(/handledFolder/);
  });

  it('reads an OAuth2 token from a file beside it, at every connection', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-mbx-'));
    fs.writeFileSync(path.join(dir, 'jeton.txt'), 'ya29.premier\n');
    fs.writeFileSync(path.join(dir, 'boites.json'), JSON.stringify({ mailboxes: [{ ...base, auth: { user: 'u@exemple.qc.ca', accessTokenFile: 'jeton.txt' } }] }));
    const [m] = loadMailboxes(path.join(dir, 'boites.json'));
    expect(imapAuth(m!)).toEqual({ user: 'u@exemple.qc.ca', accessToken: 'ya29.premier' });
    fs.writeFileSync(path.join(dir, 'jeton.txt'), 'ya29.second');
    expect(imapAuth(m!).accessToken).toBe('ya29.second');
  });
});

describe('checkpoints', () => {
  it('survive a reopen and replace the file atomically', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-cp-'));
    const a = new CheckpointStore(dir, 'plaintes');
    expect(a.get('INBOX')).toBeUndefined();
    a.set('INBOX', { uidValidity: '1700000000', lastUid: 42 });
    a.set('Télécopies', { uidValidity: '7', lastUid: 3 });
    const b = new CheckpointStore(dir, 'plaintes');
    expect(b.get('INBOX')).toEqual({ uidValidity: '1700000000', lastUid: 42 });
    expect(b.get('Télécopies')).toEqual({ uidValidity: '7', lastUid: 3 });
    expect(fs.readdirSync(path.join(dir, 'imap'))).toEqual(['plaintes.checkpoint.json']);
  });
});
