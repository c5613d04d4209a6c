// One entry to parse any raw message by its name and bytes: the drop folder and `ingest-file`
// both use it. Unknown or unreadable input raises a DoleancesError with a stable code, which the
// caller turns into a quarantine record.
import { DoleancesError } from '../../core/errors.ts';
import { parseDocument, decodeText } from './document.ts';
import { parseEmail, type EmailParseOptions, DEFAULT_EMAIL_OPTIONS } from './email.ts';
import { isTwilioPayload, parseTwilio } from './twilio.ts';
import type { ParsedMessage } from './types.ts';

export async function parseRaw(name: string, bytes: Buffer, emailOpts: EmailParseOptions = DEFAULT_EMAIL_OPTIONS): Promise<ParsedMessage> {
  const ext = name.toLowerCase().slice(name.lastIndexOf('.'));
  if (ext === '.eml' || ext === '.msg822') return parseEmail(bytes, emailOpts);
  if (ext === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(decodeText(bytes));
    } catch (cause) {
      throw new DoleancesError('INTAKE_UNREADABLE', 'JSON illisible.', { cause });
    }
    if (isTwilioPayload(value)) return parseTwilio(value);
    throw new DoleancesError('INTAKE_UNSUPPORTED', 'JSON reconnu ni comme transcription Twilio ni comme message.');
  }
  return parseDocument(name, bytes);
}

export function contentTypeOf(name: string): string {
  const ext = name.toLowerCase().slice(name.lastIndexOf('.'));
  return (
    { '.eml': 'message/rfc822', '.json': 'application/json', '.txt': 'text/plain', '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.tif': 'image/tiff', '.tiff': 'image/tiff' } as Record<
      string,
      string
    >
  )[ext] ?? 'application/octet-stream';
}
