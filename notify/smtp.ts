// Sending through the configured SMTP server (config.smtpUrl: smtp://user:pass@host:587 for
// STARTTLS submission, smtps://…:465 for implicit TLS; RFC 6409) with nodemailer. What can fail is
// sorted the way SMTP does it (RFC 5321 §4.2.1): a 4xx reply or a lost connection is transient and
// retried; a 5xx reply to the message or its recipient is permanent and never retried. Bounces
// come back to the sending address (the envelope sender), where the IMAP intake recognises them.
import nodemailer, { type Transporter } from 'nodemailer';
import { DoleancesError } from '../core/errors.ts';
import type { AckMessage } from './ack-message.ts';

export type Mailer = Pick<Transporter, 'sendMail' | 'close'>;

export function createMailer(smtpUrl: string): Mailer {
  return nodemailer.createTransport(smtpUrl);
}

export interface SendResult {
  /** The server's reply to the end of data, e.g. "250 2.0.0 Ok: queued as 4R8…". */
  response: string;
}

export async function sendAck(mailer: Mailer, msg: AckMessage): Promise<SendResult> {
  try {
    const info = (await mailer.sendMail({
      from: msg.from,
      to: msg.to,
      subject: msg.subject,
      text: msg.text,
      messageId: msg.messageId,
      headers: msg.headers,
    })) as { response?: string; rejected?: unknown[] };
    if (Array.isArray(info.rejected) && info.rejected.length) {
      throw new DoleancesError('MAIL_SEND_FAILED', 'Destinataire refusé par le serveur SMTP.', { retriable: false, details: { permanent: true } });
    }
    return { response: String(info.response ?? '') };
  } catch (err) {
    if (err instanceof DoleancesError) throw err;
    const code = Number((err as { responseCode?: number }).responseCode ?? 0);
    const permanent = code >= 500 && code < 600;
    throw new DoleancesError('MAIL_SEND_FAILED', `Envoi SMTP impossible${code ? ` (${code})` : ''} : ${(err as Error).message.split('\n')[0]}`, {
      cause: err,
      retriable: !permanent,
      details: { permanent, responseCode: code || null },
    });
  }
}
