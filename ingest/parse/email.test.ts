// parseEmail over the whole mail corpus (test/fixtures/mail/manifest.json): disposition, channel,
// decoded subject, cleaned text (includes / excludes), attachment counts and names, reply and
// bounce details, fax numbers and OCR, sender fields, duplicates (same idempotency key) and the
// generated large messages. The fixture README lists what raw mailparser gets wrong on it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { sha256Hex } from '../../core/ids.ts';
import { generateHugeMessage, type HugeOptions } from '../../test/fixtures/mail/generate-huge.ts';
import { idempotencyKey } from '../intake.ts';
import { parseEmailDetailed, DEFAULT_EMAIL_OPTIONS, type EmailParse } from './email.ts';

interface Entry {
  file: string;
  disposition: string;
  channel: string;
  subject: string;
  textIncludes: string[];
  textExcludes: string[];
  attachments: number;
  attachmentNames?: string[];
  caseRef?: string;
  duplicateOf?: string;
  bouncedRecipient?: string;
  delayedRecipient?: string;
  dsnAction?: string;
  dsnStatus?: string;
  returnedMessageId?: string;
  faxNumber?: string;
  pages?: number;
  ocr?: boolean;
  from?: string;
  fromName?: string;
  fromAddress?: string | null;
  replyTo?: string;
  receivedAt?: string;
  language?: string;
  inlineImages?: number;
  generator?: string;
  generatorOptions?: HugeOptions;
}

const DIR = path.join(REPO_ROOT, 'test/fixtures/mail');
const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as Entry[];
const OPTS = { ...DEFAULT_EMAIL_OPTIONS, ownAddresses: ['plaintes@doleances.local', 'ombudsman@doleances.local'] };
const norm = (s: string) => s.normalize('NFC').replace(/[\s\u00a0\u202f]+/g, ' ');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dol-corpus-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const parsed = new Map<string, { result: EmailParse; bytes: Buffer }>();

async function load(e: Entry): Promise<Buffer> {
  if (e.generator === 'huge') {
    const file = path.join(tmp, e.file);
    await generateHugeMessage(file, e.generatorOptions);
    return fs.readFileSync(file);
  }
  return fs.readFileSync(path.join(DIR, e.file));
}

function keyOf(p: { result: EmailParse; bytes: Buffer }): string {
  return idempotencyKey(p.result.message, { sha256: sha256Hex(p.bytes), size: p.bytes.length, ref: '' });
}

describe('parseEmail over the mail corpus', () => {
  it.each(manifest.map((e) => [e.file, e] as const))('%s', async (_file, e) => {
    const bytes = await load(e);
    if (e.disposition === 'quarantine') {
      await expect(parseEmailDetailed(bytes, OPTS)).rejects.toMatchObject({ code: expect.stringMatching(/^INTAKE_(UNREADABLE|EMPTY)$/) });
      return;
    }
    const result = await parseEmailDetailed(bytes, OPTS);
    parsed.set(e.file, { result, bytes });
    const m = result.message;
    const text = norm(m.text);

    if (e.disposition === 'duplicate') {
      // Not the parser's call: the same idempotency key as the earlier file makes it one case.
      expect(m.disposition).toBe('case');
      const first = parsed.get(e.duplicateOf!);
      expect(first, `${e.duplicateOf} parsed first`).toBeDefined();
      expect(keyOf({ result, bytes })).toBe(keyOf(first!));
    } else {
      expect({ disposition: m.disposition, reason: m.dispositionReason }).toMatchObject({ disposition: e.disposition });
    }
    expect(m.channel).toBe(e.channel);
    expect(m.subject ?? '').toBe(e.subject);
    for (const s of e.textIncludes) expect(text, `text includes « ${s} »`).toContain(norm(s));
    for (const s of e.textExcludes) expect(text, `text excludes « ${s} »`).not.toContain(norm(s));
    if (e.disposition !== 'bounce') {
      expect(m.attachments.map((a) => a.name)).toHaveLength(e.attachments);
      if (e.attachmentNames) expect(m.attachments.map((a) => a.name)).toEqual(e.attachmentNames);
    }
    if (e.inlineImages !== undefined) expect(result.inlineImages).toBe(e.inlineImages);
    if (e.caseRef) expect(result.caseRef).toBe(e.caseRef);
    if (e.disposition === 'reply') expect(m.inReplyToCaseRef).toBe(e.caseRef);
    if (e.disposition === 'bounce') {
      const r = result.report!;
      expect(r).not.toBeNull();
      if (e.bouncedRecipient) expect(r.recipient).toBe(e.bouncedRecipient);
      if (e.delayedRecipient) expect(r.recipient).toBe(e.delayedRecipient);
      if (e.dsnAction) expect(r.action).toBe(e.dsnAction);
      if (e.dsnStatus) expect(r.status).toBe(e.dsnStatus);
      if (e.returnedMessageId) expect(r.returnedMessageId).toBe(e.returnedMessageId);
    }
    if (e.channel === 'fax') {
      expect(m.sender.fax).toBe(e.faxNumber);
      expect(m.sender.email).toBeNull();
      expect(m.attachments[0]!.pages).toBe(e.pages);
      if (e.ocr) expect(m.textConfidence).toBeGreaterThan(0);
      else expect(m.textConfidence).toBeNull();
    }
    if (e.from) expect(m.sender.email).toBe(e.replyTo ?? e.from);
    if (e.replyTo) expect(m.sender.email).toBe(e.replyTo);
    if (e.fromName) expect(m.sender.name).toBe(e.fromName);
    if (e.receivedAt) expect(new Date(m.receivedAt!).getTime()).toBe(new Date(e.receivedAt).getTime());
    if (e.language) expect(m.language).toBe(e.language);
    if (e.disposition === 'case' && e.channel === 'email') expect(m.text).not.toMatch(/javascript:|data:image|\ufffd/);
  });
});
