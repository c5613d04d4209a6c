// A policy profile: one organisation's rules as data (ARCHITECTURE.md, "Policy profiles"). A new
// body is a new JSON file in profiles/, not a code change. Each field's source is cited in the
// profile itself (`source` strings) so a reviewer can check it against the seed document.
import { z } from 'zod';

const code = z.string().regex(/^[a-z0-9_]+$/, 'code en minuscules, chiffres et _');
const localized = z.object({ fr: z.string().min(1), en: z.string().min(1) });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date AAAA-MM-JJ');

const deadlineRule = z.object({
  unit: z.enum(['business_days', 'calendar_days', 'hours']),
  amount: z.number().int().positive(),
  source: z.string().min(3),
});

const keywordList = z.array(z.string().min(2)).default([]);

export const profileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: localized,
    shortName: z.string().min(2).max(12),
    source: z.string(),
    timezone: z.string().default('America/Toronto'),
    organisation: z.object({
      address: z.string(),
      phone: z.string(),
      fax: z.string().nullable().default(null),
      email: z.string().nullable().default(null),
      website: z.string().nullable().default(null),
      responsible: z.string().nullable().default(null),
    }),
    calendar: z.object({
      goodFriday: z.boolean(),
      easterMonday: z.boolean(),
      closures: z.array(z.object({ from: localDate, to: localDate, label: z.string() })).default([]),
      endOfDay: z.string().regex(/^\d{2}:\d{2}(:\d{2})?$/).default('23:59:59'),
      rollCalendarDeadlines: z.boolean().default(true),
    }),
    requiredContact: z.array(z.enum(['name', 'address', 'phone', 'email'])),
    identityProtectedByDefault: z.boolean(),
    queues: z.array(z.object({ id: z.string().regex(/^[a-z0-9-]+$/), label: localized })).min(1),
    triageQueue: z.string(),
    inadmissibleQueue: z.string(),
    kinds: z.array(z.object({ code: z.enum(['plainte', 'requete', 'commentaire', 'information']), label: localized, keywords: keywordList })).min(2),
    natures: z.array(z.object({ code, label: localized, queue: z.string(), keywords: keywordList, steps: z.array(z.string()).default([]) })).min(1),
    defaultNature: code,
    urgencyReasons: z.array(z.object({ code, label: localized, keywords: keywordList })),
    admissibility: z.array(z.object({ code, label: localized, keywords: keywordList })).min(1),
    referrals: z.array(z.object({ body: z.string(), url: z.string().nullable().default(null), keywords: keywordList })),
    deadlines: z.object({
      acknowledgement: deadlineRule.nullable(),
      followUp: deadlineRule.nullable(),
      answer: deadlineRule,
      urgent: deadlineRule,
      callback: deadlineRule.nullable().default(null),
    }),
    retention: z.object({
      yearsAfterClosure: z.number().int().positive(),
      /**
       * Months a message that never became a case (quarantined, auto-reply, bounce, duplicate: an
       * intake.disposed) is kept, counted from its receipt; then its archived original and its
       * quarantine record are destroyed, its metadata (sha256, reason, dates) stays. Law 25: a
       * personal information is destroyed once the purposes it was collected for are served (Loi
       * sur l'accès, RLRQ c., art. 73; RLRQ c. P-39.1, art. 23). The purpose here is short:
       * an operator examines and re-drops a quarantined message, traces a bounce to the address it
       * concerns, answers « did you get my message? ». Twelve months by default, the time the
       * dead-letter topic already gives an operator to look at what failed (core/log/kafka-topics.ts).
       */
      nonCaseMonths: z.number().int().positive().default(12),
      source: z.string(),
    }),
    recourse: localized,
    acknowledgement: localized,
    /** Telephony (issue 5): what callers hear, opening hours, forwarding, SMS acknowledgements. */
    telephony: z
      .object({
        greeting: localized,
        emergency: localized,
        voicemailPrompt: localized,
        /** Weekly opening hours, local time; outside them (and on non-business days) callers reach voicemail. */
        hours: z.array(z.object({ days: z.array(z.number().int().min(1).max(5)), open: z.string().regex(/^\d{2}:\d{2}$/), close: z.string().regex(/^\d{2}:\d{2}$/) })),
        forwardTo: z.string().nullable().default(null),
        smsAcknowledgement: z.boolean().default(true),
        smsText: localized,
      })
      .nullable()
      .default(null),
  })
  .superRefine((p, ctx) => {
    const queues = new Set(p.queues.map((q) => q.id));
    const need = (q: string, path: (string | number)[]) => {
      if (!queues.has(q)) ctx.addIssue({ code: 'custom', path, message: `file « ${q} » absente de queues` });
    };
    need(p.triageQueue, ['triageQueue']);
    need(p.inadmissibleQueue, ['inadmissibleQueue']);
    p.natures.forEach((n, i) => need(n.queue, ['natures', i, 'queue']));
    if (!p.natures.some((n) => n.code === p.defaultNature)) {
      ctx.addIssue({ code: 'custom', path: ['defaultNature'], message: `nature « ${p.defaultNature} » absente de natures` });
    }
    if (!p.admissibility.some((a) => a.code === 'recevable')) {
      ctx.addIssue({ code: 'custom', path: ['admissibility'], message: 'le code « recevable » est obligatoire' });
    }
  });

export type Profile = z.infer<typeof profileSchema>;
