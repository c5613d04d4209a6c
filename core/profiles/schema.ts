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
    retention: z.object({ yearsAfterClosure: z.number().int().positive(), source: z.string() }),
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
