// The mailboxes file (config.mailboxesFile): which IMAP mailboxes to watch and how. Parsed once at
// start with a zod schema; an invalid file stops start-up with a message naming the field
// (« mailboxes.0.auth.password : … »). Secrets can live beside it in files (passwordFile,
// accessTokenFile) so the JSON can be shared; an OAuth2 token file is re-read at every connection,
// which lets an external helper refresh it (tokens of Microsoft 365 and Google last about an hour).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DoleancesError } from '../../core/errors.ts';

const regexList = z
  .array(z.string().min(1))
  .optional()
  .transform((list, ctx) => {
    if (!list) return undefined;
    return list.map((source, i) => {
      try {
        return new RegExp(source, 'i');
      } catch {
        ctx.addIssue({ code: 'custom', path: [i], message: `expression régulière invalide : ${source}` });
        return z.NEVER;
      }
    });
  });

const auth = z
  .object({
    user: z.string().min(1),
    password: z.string().min(1).optional(),
    passwordFile: z.string().min(1).optional(),
    /** OAuth2 (XOAUTH2, RFC 7628 / Google and Microsoft): imapflow's `auth: { user, accessToken }`. */
    accessToken: z.string().min(1).optional(),
    accessTokenFile: z.string().min(1).optional(),
  })
  .strict()
  .refine((a) => [a.password, a.passwordFile, a.accessToken, a.accessTokenFile].filter(Boolean).length === 1, {
    message: 'exactement un de password, passwordFile, accessToken, accessTokenFile',
  });

export const mailboxSchema = z
  .object({
    /** Stable name: checkpoints and logs use it. Lower case, digits, dashes. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'identifiant en minuscules, chiffres et tirets'),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(993),
    /** Implicit TLS (port 993). false: plain connection upgraded with STARTTLS when offered. */
    tls: z.boolean().default(true),
    /** Refuse a certificate that does not verify (keep true outside tests). */
    tlsVerify: z.boolean().default(true),
    auth,
    /** Folders to watch (one IMAP connection each, RFC 3501 IDLE on it). */
    folders: z.array(z.string().min(1)).min(1).default(['INBOX']),
    /** Where handled mail is moved (created if missing). null: left in place, flagged \Seen. */
    handledFolder: z.string().min(1).nullable().default('Traités'),
    /** Fallback polling interval when IDLE says nothing (and the dead-connection watchdog period). */
    pollSeconds: z.number().int().min(1).max(3600).default(60),
    /** Fax-to-email services writing to this mailbox (regexes, case-insensitive); defaults in ingest/parse/email-fax.ts. */
    fax: z.object({ senders: regexList, subjects: regexList }).strict().default({ senders: undefined, subjects: undefined }),
    /** Other addresses that are ours (mail from them is never a case); the mailbox's own user is added. */
    ownAddresses: z.array(z.string().email()).default([]),
  })
  .strict();

export const mailboxesFileSchema = z
  .object({ mailboxes: z.array(mailboxSchema).min(1) })
  .strict()
  .superRefine((f, ctx) => {
    const seen = new Set<string>();
    f.mailboxes.forEach((m, i) => {
      if (seen.has(m.id)) ctx.addIssue({ code: 'custom', path: ['mailboxes', i, 'id'], message: `identifiant « ${m.id} » en double` });
      seen.add(m.id);
      if (m.handledFolder && m.folders.includes(m.handledFolder)) {
        ctx.addIssue({ code: 'custom', path: ['mailboxes', i, 'handledFolder'], message: 'ne peut pas être un des dossiers surveillés' });
      }
    });
  });

export type MailboxConfig = z.infer<typeof mailboxSchema>;

/** Parses the content of the mailboxes file; `origin` names it in errors. */
export function parseMailboxes(raw: unknown, origin: string): MailboxConfig[] {
  const r = mailboxesFileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || '(racine)';
    throw new DoleancesError('CONFIG_INVALID', `Fichier des boîtes aux lettres invalide (${origin}) : ${field} : ${issue.message}`, { details: { field, origin } });
  }
  return r.data.mailboxes;
}

export function loadMailboxes(file: string): MailboxConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new DoleancesError('CONFIG_INVALID', `Fichier des boîtes aux lettres illisible (${file}) : ${(cause as Error).message}`, { cause, details: { field: 'DOLEANCES_MAILBOXES_FILE' } });
  }
  const mailboxes = parseMailboxes(raw, file);
  // Secret files are relative to the mailboxes file.
  const dir = path.dirname(file);
  for (const m of mailboxes) {
    if (m.auth.passwordFile) m.auth.passwordFile = path.resolve(dir, m.auth.passwordFile);
    if (m.auth.accessTokenFile) m.auth.accessTokenFile = path.resolve(dir, m.auth.accessTokenFile);
  }
  return mailboxes;
}

/** imapflow's `auth`, reading secret files now (a refreshed token is picked up at reconnect). */
export function imapAuth(m: MailboxConfig): { user: string; pass?: string; accessToken?: string } {
  const read = (f: string, field: string) => {
    try {
      return fs.readFileSync(f, 'utf8').trim();
    } catch (cause) {
      throw new DoleancesError('CONFIG_INVALID', `Boîte « ${m.id} » : ${field} illisible (${f})`, { cause, details: { field: `auth.${field}` } });
    }
  };
  const a = m.auth;
  if (a.accessToken || a.accessTokenFile) return { user: a.user, accessToken: a.accessToken ?? read(a.accessTokenFile!, 'accessTokenFile') };
  return { user: a.user, pass: a.password ?? read(a.passwordFile!, 'passwordFile') };
}
