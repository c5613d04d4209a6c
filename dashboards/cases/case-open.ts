// Opening a case's personal content for a viewer who may see the case. Since schema 2 every sealed
// field lives in the store's vault under its contact's own key; the case-file query hands over the
// cells and store/vault.ts VaultReader opens them. Messages, attachment names and texts, and notes
// are opened for the page (the view is logged as case.viewed.v1); the identity only on a reveal or
// to address an email (case.identity-revealed.v1). A cell that cannot be opened (destroyed at the
// end of its retention, a wrong key) is shown as unreadable, never as an error page.
import type { Keyring } from '../../core/crypto/keyring.ts';
import type { VaultCell } from '../../store/case-file.ts';
import type { Duck } from '../../store/duck.ts';
import { VaultReader } from '../../store/vault.ts';
import type { Identity } from '../views/case-facts.ts';
import type { ShownMessage } from '../views/case-messages.ts';
import type { TimelineItem } from '../views/case-timeline.ts';
import type { CaseBundle } from './case-read.ts';

export interface OpenedCase {
  messages: ShownMessage[];
  timeline: TimelineItem[];
  identity: Identity | null;
}

async function opener(db: Duck, keyring: Keyring): Promise<(cell: VaultCell | null | undefined) => Promise<string | null>> {
  const vault = new VaultReader(db, keyring);
  return async (cell) => {
    if (!cell) return null;
    try {
      return await vault.open(cell);
    } catch {
      return null;
    }
  };
}

type Raw = { sha256: string; contentType: string } | null;

export async function openCase(db: Duck, keyring: Keyring, b: CaseBundle, opts: { identity?: boolean } = {}): Promise<OpenedCase> {
  const open = await opener(db, keyring);
  const raws = new Map<string, Raw>();
  for (const e of b.events) {
    const d = e.data as { intakeId?: string; raw?: Raw };
    if (d.intakeId && d.raw !== undefined) raws.set(d.intakeId, d.raw ?? null);
  }
  const messages: ShownMessage[] = [];
  for (const m of b.file.messages) {
    const attachments = [];
    for (const a of m.attachments) {
      attachments.push({ sha256: a.sha256, name: await open(a.name), contentType: a.content_type, size: a.size, text: await open(a.text), ocrConfidence: a.ocr_confidence, pages: a.pages });
    }
    messages.push({
      id: m.message_id, direction: m.direction, channel: m.channel, at: m.sent_at, subject: await open(m.subject), text: await open(m.text),
      raw: raws.get(m.message_id) ?? (m.raw_sha256 ? { sha256: m.raw_sha256, contentType: 'application/octet-stream' } : null), attachments,
    });
  }
  const timeline: TimelineItem[] = [];
  for (const e of b.events) {
    const note = e.sealed.find((s) => s.field === 'note') ?? (e.type === 'case.info-requested.v1' ? e.sealed.find((s) => s.field === 'question') : undefined);
    timeline.push({ ...e, note: await open(note) });
  }
  let identity: Identity | null = null;
  if (opts.identity && b.file.identity) {
    const i = b.file.identity;
    identity = { name: await open(i.name), email: await open(i.email), phone: await open(i.phone), fax: await open(i.fax), address: await open(i.address) };
  }
  return { messages, timeline, identity };
}

/** The voicemail recording link, when the connector kept one and it is an https URL. */
export function recordingUrl(b: CaseBundle): string | null {
  const opened = b.events.find((e) => e.type.startsWith('case.opened'));
  const url = (opened?.data as { source?: Record<string, unknown> } | undefined)?.source?.recordingUrl;
  return typeof url === 'string' && /^https:\/\/[^\s"'<>]+$/.test(url) ? url : null;
}
