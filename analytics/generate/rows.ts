// The SQL that turns the drawn cases (temp table `g`) into warehouse rows: deadlines per clock in
// the profile's units and business calendar (temp tables `cal`, `bd`), then cases with their
// outcome, survey and corrective action, then about ten case events each. Rates are believable,
// not measured: acknowledgements late 6 % of the time (12 % in the holidays), final answers late
// 10 % (24 % in January and February, when snow and heating complaints pile up), urgent cases
// handled the same day about 70 % of the time, a third of surveys answered.
import type { Profile } from '../../core/profiles/schema.ts';
import { pick } from './mix.ts';

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
export const CASE_ID = `(CAST(year(g.rday) AS VARCHAR) || '-G' || lpad(CAST(g.n AS VARCHAR), 8, '0'))`;

/** How far along the allowed time each clock is met: under 1 is in time, over 1 is late. */
const SHARE: Record<string, string> = {
  acknowledgement: `CASE WHEN u(i, 20) < (CASE WHEN moy IN (12, 1) THEN 0.12 ELSE 0.06 END) THEN 1.05 + u(i, 21) * 1.5 ELSE 0.05 + u(i, 21) * 0.9 END`,
  callback: `CASE WHEN u(i, 22) < 0.15 THEN 1.05 + u(i, 23) * 1.5 ELSE 0.1 + u(i, 23) * 0.85 END`,
  followUp: `CASE WHEN u(i, 24) < 0.12 THEN 1.05 + u(i, 25) * 2 ELSE 0.1 + u(i, 25) * 0.88 END`,
  urgent: `CASE WHEN u(i, 26) < 0.72 THEN u(i, 27) * 0.12 WHEN u(i, 26) < 0.92 THEN 0.15 + u(i, 27) * 0.85 ELSE 1.05 + u(i, 27) * 2 END`,
  answer: `CASE WHEN admissibility <> 'recevable' THEN 0.03 + u(i, 29) * 0.2
    WHEN u(i, 28) < 0.015 THEN 4 + u(i, 29) * 6
    WHEN u(i, 28) < (CASE WHEN moy IN (1, 2) THEN 0.24 WHEN moy IN (12, 3) THEN 0.16 ELSE 0.10 END) THEN 1.02 + pow(u(i, 29), 2) * 2.5
    ELSE 0.12 + u(i, 29) * 0.86 END`,
};

const APPLIES: Record<string, string> = { urgent: 'g.is_urgent', callback: `g.channel = 'voicemail'` };

export function deadlineRowsSql(p: Profile, tz: string): string {
  const parts = (['acknowledgement', 'callback', 'followUp', 'urgent', 'answer'] as const).flatMap((clock) => {
    const rule = p.deadlines[clock];
    if (!rule) return [];
    const endOf = (day: string) => `timezone('${tz}', CAST(${day} AS TIMESTAMP) + INTERVAL '${p.calendar.endOfDay}')`;
    let due: string;
    let joins = '';
    if (rule.unit === 'hours') due = `g.received_at + to_hours(${rule.amount})`;
    else if (rule.unit === 'business_days') {
      joins = `JOIN bd b ON b.idx = g.ridx + ${rule.amount}`;
      due = endOf('b.day');
    } else {
      joins = `JOIN cal c ON c.day = g.rday + ${rule.amount} LEFT JOIN bd b ON b.idx = c.idx + 1`;
      due = endOf(p.calendar.rollCalendarDeadlines ? 'CASE WHEN c.business THEN c.day ELSE b.day END' : 'c.day');
    }
    const text = `${rule.amount} ${rule.unit === 'hours' ? 'heures' : rule.unit === 'business_days' ? 'jours ouvrables' : 'jours civils'} — ${rule.source}`;
    return [
      `SELECT n, '${clock}' AS clock, due_at, ${q(text)} AS rule,
         received_at + to_microseconds(CAST((epoch_us(due_at) - epoch_us(received_at)) * (${SHARE[clock]}) AS BIGINT)) AS met_raw
       FROM (SELECT g.*, ${due} AS due_at FROM g ${joins} WHERE ${APPLIES[clock] ?? 'true'})`,
    ];
  });
  return `CREATE OR REPLACE TEMP TABLE dl AS ${parts.join('\nUNION ALL\n')}`;
}

export function caseRowsSql(p: Profile, tz: string, end: string, extra: { finding: boolean; surveys: boolean; contactPool: number }): string {
  const E = `TIMESTAMPTZ '${end}'`;
  const queueOf = `CASE nature ${p.natures.map((n) => `WHEN ${q(n.code)} THEN ${q(n.queue)}`).join(' ')} ELSE ${q(p.triageQueue)} END`;
  const urgencyReasons = p.urgencyReasons.length ? pick('u(i, 12)', p.urgencyReasons.map((r) => ({ code: r.code, w: 1 }))) : 'NULL';
  return `CREATE OR REPLACE TEMP TABLE gc AS
  WITH a AS (
    SELECT g.*, ${CASE_ID} AS case_id, an.met_raw AS closed_raw, an.due_at AS answer_due, ack.met_raw AS ack_raw, ack.due_at AS ack_due,
      CASE WHEN an.met_raw < ${E} THEN an.met_raw END AS closed_at,
      CASE WHEN ack.met_raw < ${E} THEN ack.met_raw END AS ack_sent_at,
      an.met_raw > an.due_at AS late,
      u(i, 30) < 0.9 AS has_contact
    FROM g JOIN dl an ON an.n = g.n AND an.clock = 'answer' LEFT JOIN dl ack ON ack.n = g.n AND ack.clock = 'acknowledgement'),
  b AS (
    SELECT a.*,
      CASE WHEN closed_at IS NULL THEN NULL
           WHEN admissibility <> 'recevable' THEN CASE WHEN referral IS NOT NULL THEN 'redirigee' ELSE 'irrecevable' END
           WHEN kind = 'requete' THEN ${pick('u(i, 13)', [{ code: 'reglee', w: 80 }, { code: 'classee_sans_suite', w: 10 }, { code: 'non_fondee', w: 10 }])}
           ELSE ${pick('u(i, 13)', [{ code: 'fondee', w: 35 }, { code: 'partiellement_fondee', w: 15 }, { code: 'non_fondee', w: 30 }, { code: 'classee_sans_suite', w: 8 }, { code: 'reglee', w: 12 }])} END AS outcome
    FROM a),
  s AS (
    SELECT b.*,
      CASE WHEN closed_at IS NOT NULL AND has_contact AND outcome <> 'irrecevable' AND closed_at + INTERVAL 5 MINUTE < ${E} THEN closed_at + INTERVAL 5 MINUTE END AS survey_sent_at,
      least(5, greatest(1, round(
        CASE outcome WHEN 'fondee' THEN 4.3 WHEN 'reglee' THEN 4.4 WHEN 'partiellement_fondee' THEN 3.6 WHEN 'non_fondee' THEN 2.6 WHEN 'redirigee' THEN 3.4 ELSE 3.0 END
        - CASE WHEN late THEN 0.9 ELSE 0 END + (u(i, 32) + u(i, 33) + u(i, 34) - 1.5) * 1.7))) AS score
    FROM b)
  SELECT s.*,
    CASE WHEN survey_sent_at IS NOT NULL AND u(i, 31) < 0.34 AND survey_sent_at + to_seconds(CAST(u(i, 43) * 5 * 86400 AS BIGINT)) < ${E}
         THEN survey_sent_at + to_seconds(CAST(u(i, 43) * 5 * 86400 AS BIGINT)) END AS answered_at,
    u(i, 35) < 0.5 AS has_comment,
    list_filter([CASE WHEN late OR u(i, 36) < 0.12 THEN 'delais' END, CASE WHEN score <= 2 AND u(i, 37) < 0.6 THEN 'resultat' END,
      CASE WHEN u(i, 38) < 0.22 THEN 'communication' END, CASE WHEN score >= 4 AND u(i, 39) < 0.45 THEN 'accueil' END,
      CASE WHEN u(i, 40) < 0.1 THEN 'suivi' END, CASE WHEN score >= 4 AND u(i, 41) < 0.2 THEN 'competence' END,
      CASE WHEN u(i, 44) < 0.05 THEN 'acces' END], x -> x IS NOT NULL) AS themes,
    outcome IN ('fondee', 'partiellement_fondee') AND u(i, 42) < 0.3 AS corrective,
    ${queueOf} AS queue, CASE WHEN is_urgent THEN ${urgencyReasons} END AS urgency_reason,
    -- Some people write more than once: contact ids drawn with a skew.
    CASE WHEN has_contact THEN 'gen' || lpad(CAST(CAST(floor(pow(u(i, 14), 1.6) * ${Math.max(10, Math.round(extra.contactPool))}) AS BIGINT) AS VARCHAR), 8, '0') END AS contact_id
  FROM s ORDER BY n;
  INSERT INTO contacts BY NAME SELECT contact_id, min(received_at) AS first_seen_at, max(received_at) AS last_seen_at FROM gc WHERE contact_id IS NOT NULL GROUP BY contact_id;
  INSERT INTO cases BY NAME SELECT
    case_id, ${q(p.id)} AS profile_id, channel, received_at,
    contact_id,
    [] AS flags, kind, admissibility, referral, nature, CASE WHEN is_urgent THEN 'urgente' ELSE 'normale' END AS urgency, urgency_reason,
    0.9 AS confidence, 'synthetique' AS model_version, queue, 'génération synthétique' AS route_reason,
    CASE WHEN closed_at IS NULL THEN 'en_traitement' WHEN outcome IN ('redirigee', 'irrecevable', 'classee_sans_suite') THEN outcome ELSE 'fermee' END AS status,
    CASE WHEN has_contact THEN 'email' ELSE 'none' END AS ack_via, ack_due AS ack_due_at, ack_sent_at, closed_at, outcome,
    coalesce(answered_at, survey_sent_at, closed_at, received_at) AS updated_at, 10 AS event_count
    ${extra.finding ? `, CASE WHEN outcome IN ('fondee', 'partiellement_fondee', 'non_fondee') THEN outcome END AS finding` : ''}
  FROM gc ORDER BY n;
  -- The store keeps a keyed pseudonym of each case's address (store/vault.ts); a few places recur.
  INSERT INTO address_keys SELECT case_id, 'adr' || lpad(CAST(place AS VARCHAR), 6, '0') FROM gc ORDER BY n;
  INSERT INTO deadlines BY NAME SELECT gc.case_id, dl.clock, dl.due_at, dl.rule,
    CASE WHEN dl.clock IN ('urgent', 'followUp') THEN CASE WHEN least(dl.met_raw, gc.closed_raw) < ${E} THEN least(dl.met_raw, gc.closed_raw) END
         WHEN dl.met_raw < ${E} THEN dl.met_raw END AS met_at
  FROM dl JOIN gc USING (n)${extra.surveys ? `;
  INSERT INTO surveys BY NAME SELECT 'sv-' || case_id AS token_id, case_id, survey_sent_at AS sent_at, 'email' AS via,
    survey_sent_at + INTERVAL 30 DAY AS expires_at, answered_at, CASE WHEN answered_at IS NOT NULL THEN CAST(score AS INTEGER) END AS score,
    CASE WHEN answered_at IS NOT NULL THEN case_id || ':12' END AS answer_event_id
  FROM gc WHERE survey_sent_at IS NOT NULL` : ''}`;
}

/** The case file: one row per event kind that applies, from temp table `gc`, in reception order. */
export function eventRowsSql(end: string): string {
  const span = `(epoch_us(coalesce(closed_at, received_at + INTERVAL 20 DAY)) - epoch_us(received_at))`;
  const along = (f: string) => `received_at + to_microseconds(CAST(${span} * ${f} AS BIGINT))`;
  const kinds: [string, string, string, string][] = [
    // type, when (NULL: not in this case's file), actor, data
    ['case.opened.v1', 'received_at', `'systeme'`, `json_object('caseId', case_id, 'channel', channel)`],
    ['case.classified.v1', 'received_at + INTERVAL 1 SECOND', `'classement'`, `json_object('caseId', case_id, 'kind', kind, 'nature', nature, 'urgency', CASE WHEN is_urgent THEN 'urgente' ELSE 'normale' END, 'admissibility', admissibility)`],
    ['case.routed.v1', 'received_at + INTERVAL 2 SECOND', `'classement'`, `json_object('caseId', case_id, 'queue', queue)`],
    ['case.acknowledgement-due.v1', 'received_at + INTERVAL 3 SECOND', `'systeme'`, `json_object('caseId', case_id, 'dueAt', ack_due)`],
    ['case.acknowledgement-sent.v1', 'ack_sent_at', `'systeme'`, `json_object('caseId', case_id, 'via', 'email')`],
    ['case.status-changed.v1', along('0.1'), `'agent'`, `json_object('caseId', case_id, 'from', 'accuse_envoye', 'to', 'en_traitement')`],
    ['case.staff-action.v1', `CASE WHEN u(i, 50) < 0.6 THEN ${along('0.4')} END`, `'agent'`, `json_object('caseId', case_id, 'action', 'appel', 'note', NULL)`],
    ['case.message-added.v1', `CASE WHEN u(i, 51) < 0.45 THEN ${along('0.2')} END`, `'citoyen'`, `json_object('caseId', case_id, 'direction', 'inbound')`],
    ['case.message-added.v1', `closed_at - INTERVAL 1 MINUTE`, `'agent'`, `json_object('caseId', case_id, 'direction', 'outbound')`],
    ['case.judged.v1', `CASE WHEN outcome IN ('fondee', 'partiellement_fondee', 'non_fondee') THEN closed_at - INTERVAL 2 HOUR END`, `'agent'`,
      `json_object('caseId', case_id, 'finding', outcome, 'criteria', [CASE WHEN outcome = 'non_fondee' THEN 'aucun_prejudice' ELSE 'normes_service' END], 'reason', 'analyse', 'improvements', CASE WHEN corrective THEN 'mesure corrective consignée' END)`],
    ['case.closed.v1', 'closed_at', `'agent'`, `json_object('caseId', case_id, 'outcome', outcome)`],
    ['case.survey-sent.v1', 'survey_sent_at', `'systeme'`, `json_object('caseId', case_id, 'via', 'email', 'tokenId', 'sv-' || case_id, 'expiresAt', survey_sent_at + INTERVAL 30 DAY)`],
    // A synthetic comment is no text at all: its themes are stored beside it (the report uses stored themes first).
    ['case.survey-answered.v1', 'answered_at', `'citoyen'`, `json_object('caseId', case_id, 'tokenId', 'sv-' || case_id, 'score', score, 'comment', CASE WHEN has_comment THEN 'synthetique' END, 'themes', CASE WHEN has_comment THEN themes ELSE [] END)`],
  ];
  const at = `CASE k ${kinds.map(([, when], k) => `WHEN ${k} THEN ${when}`).join(' ')} END`;
  return `INSERT INTO case_events BY NAME
  SELECT case_id || ':' || k AS event_id, case_id, CAST(k + 1 AS INTEGER) AS seq,
    CASE k ${kinds.map(([type], k) => `WHEN ${k} THEN '${type}'`).join(' ')} END AS type, occurred_at,
    CASE k ${kinds.map(([, , actor], k) => `WHEN ${k} THEN ${actor}`).join(' ')} END AS actor,
    CASE k ${kinds.map(([, , , data], k) => `WHEN ${k} THEN ${data}`).join(' ')} END AS data
  FROM (SELECT gc.*, k, ${at} AS occurred_at FROM gc, range(${kinds.length}) t(k)) WHERE occurred_at IS NOT NULL AND occurred_at < TIMESTAMPTZ '${end}'`;
}
