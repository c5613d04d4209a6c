// The monthly report against a small warehouse whose every row is known: October 2026 at the OMH
// (Thanksgiving, Monday October 12, is not a business day). Each expected number below was worked
// out by hand from the rows in build(); then the protection of what is published, and the files.
// Three duplicates merged into other cases sit among the rows: none of them counts anywhere (they
// are the same complaints, received twice), so every number below is the same as without them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../../core/crypto/keyring.ts';
import { seal } from '../../core/crypto/sealed.ts';
import { REPO_ROOT } from '../../core/config.ts';
import { calendarOf, loadProfile } from '../../core/profiles/load.ts';
import { computeMonthlyReport } from '../../analytics/monthly-report.ts';
import { publishReport } from '../../analytics/publish.ts';
import { writeMonthlyReport } from '../../analytics/write-report.ts';
import type { Duck } from '../../store/duck.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import { tempDataDir } from '../helpers/app.ts';

const profile = loadProfile(path.join(REPO_ROOT, 'profiles'), 'omh-trois-rivieres');
const calendar = calendarOf(profile);
const keyring = createKeyring([{ id: 'k1', key: crypto.randomBytes(32) }]);
const dir = tempDataDir('dol-report-');
let db: Duck;

// id, received (local, EDT), nature, kind, channel, urgency, admissibility, referral, closed (local) or null, outcome
const CASES: [string, string, string, string, string, string, string, string | null, string | null, string | null][] = [
  ['C01', '2026-10-01 09:00', 'deneigement', 'plainte', 'email', 'normale', 'recevable', null, '2026-10-20 10:00', 'fondee'],
  ['C02', '2026-10-02 10:00', 'deneigement', 'plainte', 'email', 'normale', 'recevable', null, '2026-10-15 10:00', 'non_fondee'],
  ['C03', '2026-10-05 11:00', 'deneigement', 'plainte', 'email', 'normale', 'recevable', null, '2026-10-28 10:00', 'fondee'],
  ['C04', '2026-10-06 12:00', 'deneigement', 'plainte', 'email', 'normale', 'recevable', null, null, null],
  ['C05', '2026-10-07 13:00', 'deneigement', 'plainte', 'letter', 'normale', 'recevable', null, '2026-10-09 10:00', 'partiellement_fondee'],
  ['C06', '2026-10-09 10:00', 'deneigement', 'requete', 'email', 'normale', 'recevable', null, '2026-10-13 09:00', 'reglee'],
  ['C07', '2026-10-13 08:30', 'voisinage', 'plainte', 'voicemail', 'urgente', 'recevable', null, '2026-10-30 10:00', 'fondee'],
  ['C08', '2026-10-14 22:00', 'voisinage', 'plainte', 'voicemail', 'urgente', 'recevable', null, null, null],
  ['C09', '2026-10-15 09:00', 'voisinage', 'plainte', 'email', 'normale', 'hors_competence', 'Ville de Trois-Rivières', '2026-10-16 09:00', 'redirigee'],
  ['C10', '2026-10-16 09:00', 'voisinage', 'requete', 'voicemail', 'normale', 'recevable', null, '2026-10-19 09:00', 'reglee'],
  ['C11', '2026-10-19 09:00', 'stationnement', 'requete', 'letter', 'normale', 'recevable', null, null, null],
  ['C12', '2026-10-20 09:00', 'stationnement', 'plainte', 'email', 'normale', 'recevable', null, '2026-10-21 09:00', 'classee_sans_suite'],
  ['C13', '2026-09-10 09:00', 'deneigement', 'plainte', 'email', 'normale', 'recevable', null, '2026-10-05 09:00', 'non_fondee'],
  ['C14', '2026-07-01 09:00', 'entretien', 'plainte', 'email', 'normale', 'recevable', null, null, null],
  ['C15', '2026-09-20 09:00', 'entretien', 'plainte', 'email', 'normale', 'recevable', null, null, null],
];

// Duplicates merged into the case they duplicate (status « fusionne », merged_into, closed at the merge):
// id, received, nature, kind, channel, urgency, admissibility, referral, merged (local), into
const MERGED: [string, string, string, string, string, string, string, string | null, string, string][] = [
  ['D16', '2026-10-08 10:00', 'deneigement', 'plainte', 'fax', 'urgente', 'recevable', null, '2026-10-09 09:00', 'C05'], // urgent, fax, a fifth case at place b2
  ['D17', '2026-10-21 09:00', 'voisinage', 'plainte', 'email', 'normale', 'hors_competence', 'Ville de Trois-Rivières', '2026-10-22 10:00', 'C09'], // a referral by classification
  ['D18', '2026-10-22 09:00', 'stationnement', 'requete', 'letter', 'normale', 'recevable', null, '2026-11-03 10:00', 'C11'], // open at the end of October, merged in November
];

// case, clock, due (local), met (local) or null
const DEADLINES: [string, string, string, string | null][] = [
  ['C01', 'acknowledgement', '2026-10-02 23:59:59', '2026-10-01 15:00'], // 0 business days, in time
  ['C02', 'acknowledgement', '2026-10-05 23:59:59', '2026-10-05 10:00'], // 1
  ['C03', 'acknowledgement', '2026-10-06 23:59:59', '2026-10-07 09:00'], // 2, late
  ['C04', 'acknowledgement', '2026-10-07 23:59:59', '2026-10-06 16:00'], // 0
  ['C05', 'acknowledgement', '2026-10-08 23:59:59', '2026-10-08 09:00'], // 1
  ['C06', 'acknowledgement', '2026-10-13 23:59:59', '2026-10-13 09:00'], // 1: Fri → Tue over Thanksgiving
  ['C07', 'acknowledgement', '2026-10-14 23:59:59', '2026-10-13 11:00'], // 0
  ['C08', 'acknowledgement', '2026-10-15 23:59:59', '2026-10-15 08:00'], // 1
  ['C09', 'acknowledgement', '2026-10-16 23:59:59', '2026-10-15 10:00'], // 0
  ['C10', 'acknowledgement', '2026-10-19 23:59:59', '2026-10-20 09:00'], // 2, late
  ['C11', 'acknowledgement', '2026-10-20 23:59:59', null], // never: late
  ['C12', 'acknowledgement', '2026-10-21 23:59:59', '2026-10-20 10:00'], // 0
  ['C01', 'answer', '2026-10-31 23:59:59', '2026-10-20 10:00'], // 19 days, in time
  ['C02', 'answer', '2026-11-01 23:59:59', '2026-10-15 10:00'], // due in November: not this month's
  ['C13', 'answer', '2026-10-13 23:59:59', '2026-10-05 09:00'], // 25 days, in time
  ['C15', 'answer', '2026-10-20 23:59:59', null], // late, still open at the end of October: 12 days late
  ['C14', 'answer', '2026-07-31 23:59:59', null], // 93 days late at the end of October
  ['C04', 'answer', '2026-11-05 23:59:59', null],
  ['C07', 'urgent', '2026-10-14 08:30:00', '2026-10-13 11:00'], // same day
  ['C08', 'urgent', '2026-10-15 22:00:00', '2026-10-15 08:00'], // next morning, within 24 h
  // The duplicates' clocks, stopped unmet by their merge: they would count as due and late.
  ['D16', 'acknowledgement', '2026-10-09 23:59:59', null],
  ['D16', 'urgent', '2026-10-09 10:00:00', null],
  ['D17', 'acknowledgement', '2026-10-22 23:59:59', null],
  ['D18', 'answer', '2026-10-28 23:59:59', null], // would be 3 days late at the end of October
];

const local = (s: string) => `${s.length === 16 ? `${s}:00` : s}-04`;

async function build(file: string): Promise<Duck> {
  const w = await openWarehouse(file);
  for (const [id, rec, nature, kind, channel, urgency, adm, referral, closed, outcome] of CASES) {
    await w.run(
      `INSERT INTO cases BY NAME SELECT $1 AS case_id, 'omh-trois-rivieres' AS profile_id, $2 AS channel, CAST($3 AS TIMESTAMPTZ) AS received_at, $4 AS kind,
         $5 AS nature, $6 AS urgency, $7 AS admissibility, $8 AS referral, CAST($9 AS TIMESTAMPTZ) AS closed_at, $10 AS outcome, 'x' AS status`,
      [id, channel, local(rec), kind, nature, urgency, adm, referral, closed ? local(closed) : null, outcome],
    );
  }
  for (const [id, rec, nature, kind, channel, urgency, adm, referral, merged, into] of MERGED) {
    await w.run(
      `INSERT INTO cases BY NAME SELECT $1 AS case_id, 'omh-trois-rivieres' AS profile_id, $2 AS channel, CAST($3 AS TIMESTAMPTZ) AS received_at, $4 AS kind,
         $5 AS nature, $6 AS urgency, $7 AS admissibility, $8 AS referral, CAST($9 AS TIMESTAMPTZ) AS closed_at, 'fusionne' AS outcome, 'fusionne' AS status, $10 AS merged_into`,
      [id, channel, local(rec), kind, nature, urgency, adm, referral, local(merged), into],
    );
  }
  // Address pseudonyms (the store's keyed hash of each case's address): one place with six cases
  // over twelve months (four in October), one with four (under the threshold of five; the
  // duplicate D16 of the same place is no fifth case).
  for (const [id, key] of <[string, string][]>[['D16', 'ak-rue-b2'], ['C01', 'ak-rue-a1'], ['C02', 'ak-rue-a1'], ['C03', 'ak-rue-a1'], ['C05', 'ak-rue-a1'], ['C13', 'ak-rue-a1'], ['C14', 'ak-rue-a1'], ['C07', 'ak-rue-b2'], ['C08', 'ak-rue-b2'], ['C10', 'ak-rue-b2'], ['C11', 'ak-rue-b2']]) {
    await w.run(`INSERT INTO address_keys VALUES ($1, $2)`, [id, key]);
  }
  for (const [id, clock, due, met] of DEADLINES) {
    await w.run(`INSERT INTO deadlines BY NAME SELECT $1 AS case_id, $2 AS clock, CAST($3 AS TIMESTAMPTZ) AS due_at, 'r' AS rule, CAST($4 AS TIMESTAMPTZ) AS met_at`, [id, clock, local(due), met ? local(met) : null]);
  }
  let n = 0;
  const event = (caseId: string, type: string, at: string, data: Record<string, unknown>) =>
    w.run(`INSERT INTO case_events BY NAME SELECT $1 AS event_id, $2 AS case_id, $3 AS type, CAST($4 AS TIMESTAMPTZ) AS occurred_at, CAST($5 AS JSON) AS data`, [`E${++n}`, caseId, type, local(at), JSON.stringify({ caseId, ...data })]);
  // Surveys: sent at closure for seven cases, six answered (scores 5, 2, 4, 5, 1, 3).
  const surveys: [string, string, number | null, string | null][] = [
    ['C01', '2026-10-20 11:00', 5, 'Merci, personnel très courtois et rapide'],
    ['C02', '2026-10-15 11:00', 2, "Beaucoup trop long, j'ai attendu trois semaines"],
    ['C03', '2026-10-28 11:00', null, null],
    ['C05', '2026-10-09 11:00', 4, null],
    ['C06', '2026-10-13 11:00', 5, null],
    ['C07', '2026-10-30 11:00', 1, "Rien n'a été réglé"],
    ['C09', '2026-10-16 11:00', 3, null],
  ];
  for (const [id, at, score, comment] of surveys) {
    await event(id, 'case.survey-sent.v1', at, { via: 'email', tokenId: `sv-${id}`, expiresAt: '2026-12-31T00:00:00Z' });
    if (score !== null) await event(id, 'case.survey-answered.v1', at.replace(' 11:', ' 18:'), { tokenId: `sv-${id}`, score, comment: comment ? seal(keyring, comment) : null });
  }
  await event('C07', 'case.survey-answered.v1', '2026-10-31 09:00', { tokenId: 'sv-C07', score: 5, comment: null }); // a second answer never counts
  await event('C13', 'case.survey-sent.v1', '2026-10-05 10:00', { via: 'sms', tokenId: 'sv-C13', expiresAt: '2026-12-31T00:00:00Z' });
  // Corrective actions: an improvement written at judgement, a staff action; a judgement without one.
  await event('C01', 'case.judged.v1', '2026-10-20 09:00', { finding: 'fondee', criteria: ['normes_service'], reason: 'r', improvements: 'Revoir le contrat de déneigement' });
  await event('C03', 'case.judged.v1', '2026-10-28 09:00', { finding: 'fondee', criteria: ['normes_service'], reason: 'r', improvements: null });
  await event('C07', 'case.staff-action.v1', '2026-10-29 09:00', { action: 'mesure_corrective', actor: 'a', note: null, details: {} });
  await event('C12', 'case.referred.v1', '2026-10-21 08:00', { body: "Société d'habitation du Québec", url: null, consent: true, actor: 'a', reason: 'r' });
  return w;
}

beforeAll(async () => {
  db = await build(path.join(dir, 'warehouse.duckdb'));
});
afterAll(() => db?.close());

describe('monthly report numbers (hand-computed)', () => {
  it('counts received and handled cases by kind, nature, channel and urgency', async () => {
    const r = await computeMonthlyReport(db, profile, calendar, '2026-10', new Date('2026-11-02T12:00:00Z'), keyring);
    expect(r.received.total).toBe(12);
    expect(r.received.by.nature).toEqual([{ code: 'deneigement', n: 6 }, { code: 'voisinage', n: 4 }, { code: 'stationnement', n: 2 }]);
    expect(r.received.by.kind).toEqual([{ code: 'plainte', n: 9 }, { code: 'requete', n: 3 }]);
    expect(r.received.by.channel).toEqual([{ code: 'email', n: 7 }, { code: 'voicemail', n: 3 }, { code: 'letter', n: 2 }]);
    expect(r.received.by.urgency).toEqual([{ code: 'normale', n: 10 }, { code: 'urgente', n: 2 }]);
    expect(r.handled.total).toBe(10);
    expect(r.outcomes).toEqual([
      { code: 'fondee', n: 3 }, { code: 'non_fondee', n: 2 }, { code: 'reglee', n: 2 },
      { code: 'classee_sans_suite', n: 1 }, { code: 'partiellement_fondee', n: 1 }, { code: 'redirigee', n: 1 },
    ]);
    expect(r.admissibility).toEqual([{ code: 'recevable', n: 11 }, { code: 'hors_competence', n: 1 }]);
    expect(r.referrals).toEqual([{ code: "Société d'habitation du Québec", n: 1 }, { code: 'Ville de Trois-Rivières', n: 1 }]);
  });

  it('measures each clock in its own unit: business days over Thanksgiving, calendar days, hours', async () => {
    const r = await computeMonthlyReport(db, profile, calendar, '2026-10', new Date('2026-11-02T12:00:00Z'));
    const ack = r.clocks.find((c) => c.clock === 'acknowledgement')!;
    // elapsed business days of the 11 met: 0,0,0,0,0,1,1,1,1,2,2 → median 1, p90 2 (linear interpolation)
    expect(ack).toMatchObject({ unit: 'business_days', due: 12, inTime: 9, met: 11, median: 1, p90: 2 });
    const answer = r.clocks.find((c) => c.clock === 'answer')!;
    expect(answer).toMatchObject({ unit: 'calendar_days', due: 3, inTime: 2, met: 2, median: 22, p90: 24.4 });
    const urgent = r.clocks.find((c) => c.clock === 'urgent')!;
    expect(urgent).toMatchObject({ unit: 'hours', due: 2, inTime: 2, met: 2 });
    expect(urgent.median).toBeCloseTo(6.25, 5); // 2.5 h and 10 h
    expect(r.urgent).toEqual({ received: 2, sameDay: 1, within24h: 1, later: 0, notYet: 0 });
    expect(r.backlog).toEqual({ open: 5, overdue: 2, byLateness: [{ code: '1-7', n: 0 }, { code: '8-30', n: 1 }, { code: '31-90', n: 0 }, { code: '91+', n: 1 }] });
  });

  it('counts satisfaction over the month cohort, first answer only, and comment themes without their text', async () => {
    const r = await computeMonthlyReport(db, profile, calendar, '2026-10', new Date('2026-11-02T12:00:00Z'), keyring);
    expect(r.satisfaction).toMatchObject({ sent: 8, answered: 6, scoreSum: 20, withComment: 3 });
    expect(r.satisfaction.scores.map((s) => s.n)).toEqual([1, 1, 1, 1, 2]);
    expect(r.satisfaction.themes).toEqual([{ code: 'delais', n: 2 }, { code: 'accueil', n: 1 }, { code: 'resultat', n: 1 }]);
    expect(r.corrective).toEqual({ total: 2, byNature: [{ code: 'deneigement', n: 1 }, { code: 'voisinage', n: 1 }] });
    // C01, C02, C03, C05 in October, C13 in September, C14 in July; the other place has four cases.
    expect(r.places).toEqual([{ key: 'ak-rue-a', label: 'Adresse ak-rue', month: 4, year: 6 }]);
    expect(r.trend.map((t) => t.received)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 12]);
    expect(r.trend.at(-1)).toMatchObject({ month: '2026-10', handled: 10, answerDue: 3, answerInTime: 2, surveysAnswered: 6, scoreSum: 20 });
  });
});

describe('merged duplicates (hand-computed)', () => {
  it('are neither received nor handled, and leave the clocks, urgencies, backlog, referrals, places and trend as they were', async () => {
    const r = await computeMonthlyReport(db, profile, calendar, '2026-10', new Date('2026-11-02T12:00:00Z'), keyring);
    // 15 rows received in October (C01–C12 and D16–D18) are 12 cases; 12 rows closed in October (10 and D16, D17) are 10 handled.
    expect(Number((await db.one<{ n: string }>(`SELECT count(*) AS n FROM cases WHERE received_at >= '2026-10-01 00:00:00-04' AND received_at < '2026-11-01 00:00:00-04'`))!.n)).toBe(15);
    expect(r.received.total).toBe(12);
    expect(r.handled.total).toBe(10);
    expect(r.received.by.channel.find((c) => c.code === 'fax')).toBeUndefined();
    expect(r.outcomes.map((o) => o.code)).not.toContain('fusionne');
    expect(r.outcomes.find((o) => o.code === 'classee_sans_suite')).toEqual({ code: 'classee_sans_suite', n: 1 });
    // Ville de Trois-Rivières once (C09), not twice with D17; the acknowledgement clock 12 due, not 14.
    expect(r.referrals).toEqual([{ code: "Société d'habitation du Québec", n: 1 }, { code: 'Ville de Trois-Rivières', n: 1 }]);
    expect(r.clocks.find((c) => c.clock === 'acknowledgement')).toMatchObject({ due: 12, inTime: 9, met: 11 });
    expect(r.clocks.find((c) => c.clock === 'answer')).toMatchObject({ due: 3, inTime: 2, met: 2 });
    expect(r.urgent).toEqual({ received: 2, sameDay: 1, within24h: 1, later: 0, notYet: 0 });
    // D18 was open on October 31 with its answer 3 days late: still 5 open, 2 overdue.
    expect(r.backlog).toMatchObject({ open: 5, overdue: 2 });
    expect(r.places).toEqual([{ key: 'ak-rue-a', label: 'Adresse ak-rue', month: 4, year: 6 }]);
    expect(r.trend.at(-1)).toMatchObject({ received: 12, handled: 10, answerDue: 3, answerInTime: 2 });
  });
});

describe('what is published', () => {
  it('hides every count from 1 to 4 and whatever would give one away', async () => {
    const p = publishReport(await computeMonthlyReport(db, profile, calendar, '2026-10', new Date('2026-11-02T12:00:00Z'), keyring), profile);
    const t = (rows: { code: string; cell: { t: string } }[]) => Object.fromEntries(rows.map((r) => [r.code, r.cell.t]));
    expect(t(p.received.by.nature)).toEqual({ deneigement: '6', voisinage: '<\u00a05', stationnement: '<\u00a05' });
    expect(t(p.received.by.kind)).toEqual({ plainte: 'x', requete: '<\u00a05' }); // 12 − 9 would give the 3 requests
    const ack = p.clocks.find((c) => c.clock === 'acknowledgement')!;
    expect([ack.due.t, ack.inTime.t, ack.inTimePct.t, ack.median.t]).toEqual(['12', 'x', '>\u00a058\u00a0%', '1\u00a0j. ouvr.']);
    const answer = p.clocks.find((c) => c.clock === 'answer')!;
    expect([answer.due.t, answer.inTimePct.t, answer.median.t]).toEqual(['<\u00a05', '<\u00a05\u00a0cas', '<\u00a05\u00a0cas']);
    expect(p.satisfaction.mean.t).toBe('3,3');
    expect(p.satisfaction.rate.t).toBe('>\u00a037\u00a0%'); // 6 of 8: the 2 unanswered can't be worked out
    expect(p.satisfaction.scores.every((s) => s.cell.v === null)).toBe(true);
    expect(p.headline.urgentSameDay.t).toBe('<\u00a05\u00a0cas');
  });

  it('writes HTML, JSON, CSV and Parquet with the same protection and no personal data', async () => {
    const out = path.join(dir, 'reports', '2026-10');
    const { files, manifest } = await writeMonthlyReport({ db, profile, calendar, month: '2026-10', dir: out, pdf: false, keyring, now: new Date('2026-11-02T12:00:00Z') });
    expect(manifest.files.pdf).toBeNull();
    const html = fs.readFileSync(files.html, 'utf8');
    expect(html).toContain('Bilan mensuel des plaintes et requêtes — octobre 2026');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    for (const f of [files.html, files.json, files.csv]) {
      const text = fs.readFileSync(f, 'utf8');
      for (const secret of ['très courtois', 'attendu trois semaines', 'C07', 'contrat de déneigement']) expect(text).not.toContain(secret);
    }
    const inst = await DuckDBInstance.create(':memory:');
    const conn = await inst.connect();
    const rows = (await conn.runAndReadAll(`SELECT code, valeur, affichage FROM '${files.parquet}' WHERE section = 'recus' AND dimension = 'kind' ORDER BY code`)).getRowObjectsJson();
    expect(rows).toEqual([{ code: 'plainte', valeur: null, affichage: 'x' }, { code: 'requete', valeur: null, affichage: '<\u00a05' }]);
    const small = (await conn.runAndReadAll(`SELECT count(*) AS n FROM '${files.parquet}' WHERE valeur BETWEEN 1 AND 4 AND indicateur NOT LIKE 'mediane%' AND indicateur NOT LIKE 'p90%' AND indicateur NOT LIKE '%moyenne%' AND indicateur <> 'satisfaction'`)).getRowObjectsJson();
    expect(Number(small[0]!.n)).toBe(0);
    expect(fs.readFileSync(files.csv, 'utf8').split('\n')[0]).toBe('mois,section,indicateur,dimension,code,libelle,periode,valeur,affichage');
    conn.closeSync();
    inst.closeSync();
  });
});
