// What a connector's parser makes of one raw message, before it is sealed into an intake event.
import type { Channel, Disposition } from '../../core/events/schemas.ts';

export interface ParsedAttachment {
  name: string | null;
  contentType: string;
  content: Buffer;
  /** Extracted text (PDF text layer or OCR), when it was worth extracting. */
  text: string | null;
  ocrConfidence: number | null;
  pages: number | null;
}

export interface ParsedMessage {
  disposition: Exclude<Disposition, 'duplicate' | 'quarantine'>;
  /** Why it is not a case (auto-reply header, bounce report…), for the record. */
  dispositionReason: string | null;
  channel: Channel;
  subject: string | null;
  /** The text used for classification: the citizen's own words, cleaned. */
  text: string;
  /** Confidence of the text itself (OCR, speech-to-text), 0-100, or null when typed. */
  textConfidence: number | null;
  sender: { name: string | null; email: string | null; phone: string | null; fax: string | null; address: string | null };
  receivedAt: string | null;
  language: string | null;
  attachments: ParsedAttachment[];
  flags: string[];
  inReplyToCaseRef: string | null;
  /** Stable id the source gives (Message-ID, CallSid…), for the idempotency key. */
  sourceId: string | null;
  source: Record<string, string | number | null>;
}

export function emptySender(): ParsedMessage['sender'] {
  return { name: null, email: null, phone: null, fax: null, address: null };
}
