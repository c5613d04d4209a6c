// Bounces and delivery reports: never cases, but they say something about our acknowledgements.
// Recognised: RFC 3464 delivery status notifications (multipart/report; report-type=
// delivery-status, RFC 6522), RFC 8098 read receipts (disposition-notification), and the plain-text
// bounces of qmail, Exim and friends (MAILER-DAEMON / postmaster senders, "Undeliverable"
// subjects, X-Failed-Recipients). From the report we take the failed recipient, the action and
// status (RFC 3464 §2.3.3-2.3.4; "delayed" must not mark an address invalid) and the returned
// message's id: when it is one of our acknowledgements, `<ack.CASEID@domain>`, the case it was for.
import { findCaseRef } from '../../core/ids.ts';
import type { HeaderSource } from './email-auto.ts';

export type ReportAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded' | 'displayed' | 'deleted';

export interface DeliveryReport {
  /** dsn: RFC 3464 report; mdn: RFC 8098 read receipt; text: a human-readable bounce. */
  kind: 'dsn' | 'mdn' | 'text';
  action: ReportAction | null;
  /** RFC 3463 enhanced status code, e.g. "5.1.1". */
  status: string | null;
  /** The address that failed (personal data: seal or pseudonymise before it leaves the process). */
  recipient: string | null;
  returnedMessageId: string | null;
  /** Case of the returned acknowledgement, when the returned message is one of ours. */
  caseRef: string | null;
}

export interface ReportPart {
  contentType: string;
  content: Buffer;
}

/** `<ack.CASEID@domain>`: the Message-ID notify/ gives every acknowledgement. */
export const ACK_ID = /<ack\.(\d{4}-[0-9A-HJKMNP-TV-Z]{5}-?[0-9A-HJKMNP-TV-Z]{5})@[^>\s]+>/i;
/** The parts of a report that are not attachments a person sent. */
export const REPORT_PART_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status', 'message/disposition-notification', 'message/global-disposition-notification', 'text/rfc822-headers', 'message/rfc822-headers', 'message/global-headers']);

const BOUNCE_SUBJECT = /^\s*(?:undeliver|undelivered mail|delivery status notification|delivery failure|non remis|non distribuable|mail delivery failed|returned mail|failure notice|échec de (?:la )?remise|delayed mail|warning: could not send|message not delivered)/i;

/** Why this message is a bounce or a delivery/read report, or null. */
export function bounceReason(h: HeaderSource, subject: string, fromAddress: string | null): string | null {
  const ct = h.get('content-type').toLowerCase();
  const type = /report-type\s*=\s*"?([a-z-]+)/.exec(ct)?.[1];
  if (ct.startsWith('multipart/report') && type) return `multipart/report; report-type=${type} (RFC 6522)`;
  if (h.get('x-failed-recipients')) return 'X-Failed-Recipients';
  const local = (fromAddress ?? '').split('@')[0]!;
  if (/^(?:mailer-daemon|postmaster|mail-daemon)$/.test(local)) return `expéditeur ${local.toLowerCase()}`;
  if (BOUNCE_SUBJECT.test(subject)) return 'objet de non-remise';
  return null;
}

/** Fields of one block of an RFC 3464 / RFC 8098 report body (RFC 822-style "Name: value"). */
function fields(text: string): Map<string, string>[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]+/g, ' ')
    .split(/\n\s*\n/)
    .map((block) => new Map(block.split('\n').flatMap((l) => {
      const m = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(l);
      return m ? [[m[1]!.toLowerCase(), m[2]!.trim()] as [string, string]] : [];
    })))
    .filter((m) => m.size > 0);
}

/** RFC 3463 codes for the wording of bounces that give none. */
const TEXT_STATUS: [RegExp, string][] = [
  [/mailbox (?:is )?full|over quota|quota exceeded|boîte (?:aux lettres )?pleine/i, '5.2.2'],
  [/no (?:such )?(?:user|mailbox)|user unknown|unknown user|does not exist|no mailbox here|introuvable|n['’]existe pas/i, '5.1.1'],
  [/host (?:not found|unknown)|domain (?:not found|does not exist)|no mx/i, '5.1.2'],
];

const ADDRESS = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const NOT_A_RECIPIENT = /^(?:mailer-daemon|postmaster|mail-daemon|noreply|no-reply)@/i;

function addressIn(value: string | undefined): string | null {
  return value ? (ADDRESS.exec(value)?.[0].toLowerCase() ?? null) : null;
}

/**
 * What a bounce says. `parts` are the report's machine-readable parts and returned headers or
 * message; `text` is its human-readable text; `ownAddresses` are never "the failed recipient".
 */
export function readReport(h: HeaderSource, parts: ReportPart[], text: string, ownAddresses: readonly string[]): DeliveryReport {
  const report: DeliveryReport = { kind: 'text', action: null, status: null, recipient: null, returnedMessageId: null, caseRef: null };
  for (const p of parts) {
    const body = p.content.toString('utf8');
    if (/delivery-status$/.test(p.contentType)) {
      report.kind = 'dsn';
      const perRecipient = fields(body).filter((f) => f.has('action') || f.has('final-recipient'));
      // The first recipient that failed, else the first one reported.
      const r = perRecipient.find((f) => /^failed/i.test(f.get('action') ?? '')) ?? perRecipient[0];
      if (r) {
        report.recipient = addressIn(r.get('final-recipient') ?? r.get('original-recipient'));
        report.action = (r.get('action')?.toLowerCase().split(/\s/)[0] as ReportAction | undefined) ?? null;
        report.status = /\d\.\d{1,3}\.\d{1,3}/.exec(r.get('status') ?? '')?.[0] ?? null;
      }
      report.returnedMessageId ??= fields(body).map((f) => f.get('x-original-message-id') ?? f.get('original-message-id')).find(Boolean) ?? null;
    } else if (/disposition-notification$/.test(p.contentType)) {
      report.kind = 'mdn';
      const f = fields(body)[0];
      report.action = /deleted/i.test(f?.get('disposition') ?? '') ? 'deleted' : 'displayed';
      report.returnedMessageId ??= f?.get('original-message-id') ?? null;
    } else {
      // The returned message or its headers (message/rfc822, text/rfc822-headers).
      const head = body.split(/\r?\n\r?\n/)[0] ?? '';
      report.returnedMessageId ??= /^Message-ID:\s*(<[^>\s]+>)/im.exec(head)?.[1] ?? null;
      report.caseRef ??= /^X-Doleances-Case:\s*(\S+)/im.exec(head)?.[1] ?? null;
    }
  }
  // Plain-text bounces quote the returned message (or at least its Message-ID) in the body.
  report.returnedMessageId ??= /^Message-ID:\s*(<[^>\s]+>)/im.exec(text)?.[1] ?? ACK_ID.exec(`${h.get('in-reply-to')} ${h.get('references')}`)?.[0] ?? null;
  const ours = ACK_ID.exec(report.returnedMessageId ?? '') ?? ACK_ID.exec(text) ?? ACK_ID.exec(`${h.get('in-reply-to')} ${h.get('references')}`);
  report.caseRef = findCaseRef(ours?.[1] ?? report.caseRef ?? '') ?? findCaseRef(/\[Dossier ([^\]]+)\]/i.exec(text)?.[1] ?? '');
  if (report.kind === 'text') {
    const human = text.split(/^-{2,}.*(?:copy of the message|original message|message d'origine|below this line)/im)[0] ?? text;
    const own = new Set(ownAddresses.map((a) => a.toLowerCase()));
    report.recipient =
      addressIn(h.get('x-failed-recipients')) ??
      (human.match(new RegExp(ADDRESS.source, 'g')) ?? []).map((a) => a.toLowerCase()).find((a) => !own.has(a) && !NOT_A_RECIPIENT.test(a)) ??
      null;
    report.status = /\b([45]\.\d{1,3}\.\d{1,3})\b/.exec(human)?.[1] ?? TEXT_STATUS.find(([re]) => re.test(human))?.[1] ?? null;
    const delayed = /\b(?:delayed|still being retried|will (?:keep|continue) trying|temporaire|temporary)\b/i.test(human) || report.status?.startsWith('4');
    report.action = delayed ? 'delayed' : 'failed';
  }
  return report;
}

/** True when the report means the address does not work (not a delay, not a read receipt). */
export function isPermanentFailure(r: DeliveryReport): boolean {
  return r.action === 'failed' && !(r.status?.startsWith('4') ?? false);
}
