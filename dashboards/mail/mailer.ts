// Outgoing mail to citizens (replies, requests for information) through SMTP with nodemailer
// (SMTP_URL, DOLEANCES_MAIL_FROM). The case reference is in the subject so the citizen's answer
// joins its case. A send that fails is a retriable MAIL_SEND_FAILED: nothing is written to the file
// unless the server accepted the message.
import nodemailer from 'nodemailer';
import type { Config } from '../../core/config.ts';
import { DoleancesError } from '../../core/errors.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  readonly configured: boolean;
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer {
  if (!config.smtpUrl) {
    return {
      configured: false,
      async send() {
        throw new DoleancesError('MAIL_SEND_FAILED', "Aucun serveur SMTP n'est configuré (SMTP_URL) : le courriel n'a pas été envoyé.");
      },
    };
  }
  const transport = nodemailer.createTransport(config.smtpUrl);
  const from = config.mailFrom ?? 'plaintes@localhost';
  return {
    configured: true,
    async send(mail) {
      try {
        const info = await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
        return { messageId: String(info.messageId ?? '') };
      } catch (cause) {
        throw new DoleancesError('MAIL_SEND_FAILED', `Envoi SMTP refusé ou impossible : ${(cause as Error).message}`, { cause, retriable: true });
      }
    },
  };
}
