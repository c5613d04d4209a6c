// pino, one root logger, a child per component. Personal data never reaches a log line: the
// redaction paths below cover every field name that can carry it (seeds 001 and 002: complaint
// files are confidential), and call sites log ids and codes, not contents.
import { pino, type Logger } from 'pino';

export type { Logger };

export const REDACTED_KEYS = [
  'name', 'email', 'phone', 'fax', 'address', 'from', 'to', 'sender', 'contact', 'text', 'body',
  'html', 'subject', 'transcript', 'TranscriptionText', 'From', 'To', 'Caller', 'password', 'key',
  // Secrets of a logged Config: the Twilio token, the SMTP URL (user:password@host), OAuth tokens.
  'authToken', 'smtpUrl', 'accessToken',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  // A logged Config nests its secrets one level deeper: { config } → config.kafka.sasl.password.
  const paths = [...REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]), '*.*.*.password', 'dataKeys', '*.dataKeys'];
  return pino(
    {
      level,
      base: { app: 'doleances' },
      redact: { paths, censor: '[caviardé]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 2, sync: false }),
  );
}
