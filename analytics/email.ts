// Sending the month's report to the board list (nodemailer over SMTP_URL): a short French message
// with the highlights, the PDF (or the HTML when there is no PDF) attached. The recipients come in
// as a parameter (DOLEANCES_BOARD_EMAILS, read by core/config.ts); none means nothing is sent.
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { DoleancesError, errorMessage } from '../core/errors.ts';
import type { PublishedReport } from './publish.ts';
import type { ReportFiles } from './write-report.ts';

export interface BoardMail {
  smtpUrl: string;
  from: string;
  recipients: readonly string[];
}

export function boardMessage(r: PublishedReport): { subject: string; text: string } {
  return {
    subject: `Bilan mensuel des plaintes et requêtes — ${r.meta.title} — ${r.meta.shortName}`,
    text: [
      'Bonjour,',
      '',
      `Voici le bilan mensuel des plaintes et requêtes de ${r.meta.title} (${r.meta.body}), à déposer au conseil d'administration.`,
      '',
      ...r.highlights.map((x) => `• ${x}`),
      '',
      'Le rapport complet est joint. Il ne contient aucune donnée personnelle; les nombres de 1 à 4 sont indiqués « < 5 ».',
      '',
      'Doléances',
    ].join('\n'),
  };
}

export async function sendReportEmail(mail: BoardMail, report: PublishedReport, files: Pick<ReportFiles, 'pdf' | 'html'>): Promise<{ messageId: string } | null> {
  if (mail.recipients.length === 0) return null;
  const attach = files.pdf ?? files.html;
  const { subject, text } = boardMessage(report);
  try {
    const transport = nodemailer.createTransport(mail.smtpUrl);
    const info = await transport.sendMail({
      from: mail.from,
      to: [...mail.recipients],
      subject,
      text,
      attachments: [{ filename: path.basename(attach), content: await fs.readFile(attach) }],
    });
    transport.close();
    return { messageId: String(info.messageId ?? '') };
  } catch (cause) {
    throw new DoleancesError('MAIL_SEND_FAILED', `Envoi du rapport au conseil impossible : ${errorMessage(cause)}`, { cause, retriable: true });
  }
}
