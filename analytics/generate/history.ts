// A realistic synthetic history written straight into a DuckDB file with the warehouse schema, for
// demos and the report benchmark: N cases over M months with Québec seasons (snow complaints in
// winter, noise in summer, more mail in January), deadlines in the profile's own units and
// calendar, met or missed at believable rates (worse in the snow months), outcomes, corrective
// actions, surveys and their answers, and about ten case events per case. All of it is set-based
// DuckDB SQL over range() with hash()-based draws: deterministic for a given (N, months, last
// month, profile), parallel, and fast. No personal data at all: no sealed field is filled.
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import type { Profile } from '../../core/profiles/schema.ts';
import type { Duck } from '../../store/duck.ts';
import { closedWeekdays } from '../queries/deadlines.ts';
import { addMonths, monthBounds } from '../month.ts';
import { MONTH_VOLUME, CHANNEL_MIX, admissibilityMix, kindMix, natureCase, pick, referralMix } from './mix.ts';
import { caseRowsSql, deadlineRowsSql, eventRowsSql } from './rows.ts';

export interface GenerateOptions {
  cases: number;
  /** The last month of history (« AAAA-MM »); the history ends at the end of it. */
  lastMonth: string;
  months: number;
  onStep?: (step: string, ms: number) => void;
}

export interface GenerateResult {
  cases: number;
  events: number;
  deadlines: number;
  from: string;
  to: string;
  seconds: number;
}

export async function generateHistory(db: Duck, profile: Profile, calendar: BusinessCalendar, opts: GenerateOptions): Promise<GenerateResult> {
  const t0 = performance.now();
  const step = async (name: string, sql: string) => {
    const t = performance.now();
    await db.run(sql);
    opts.onStep?.(name, Math.round(performance.now() - t));
  };
  const tz = profile.timezone.replace(/'/g, '');
  const firstMonth = addMonths(opts.lastMonth, -(opts.months - 1));
  const from = monthBounds(firstMonth, tz).from;
  const end = monthBounds(opts.lastMonth, tz).to;
  const startDay = `${firstMonth}-01`;
  const days = Math.round((end.getTime() - from.getTime()) / 86_400_000);
  const y0 = Number(firstMonth.slice(0, 4));
  const y1 = Number(opts.lastMonth.slice(0, 4)) + 1;
  const holidays = closedWeekdays(calendar, y0, y1).map((d) => `'${d}'`).join(', ');
  const meanVolume = MONTH_VOLUME.reduce((s, x) => s + x, 0) / 12;
  const candidates = Math.ceil((opts.cases / meanVolume) * 1.08) + 100;

  await step('macros', `CREATE OR REPLACE TEMP MACRO u(i, k) AS ((hash(i, k) % 1000000007) / 1000000007.0)`);
  await step(
    'calendar',
    `CREATE OR REPLACE TEMP TABLE cal AS
     WITH d AS (SELECT CAST(r AS DATE) AS day FROM range(TIMESTAMP '${y0}-01-01', TIMESTAMP '${y1 + 1}-12-31', INTERVAL 1 DAY) t(r)),
     b AS (SELECT day, isodow(day) <= 5 AND day NOT IN (${holidays || "DATE '1900-01-01'"}) AS business FROM d)
     SELECT day, business, sum(CAST(business AS INTEGER)) OVER (ORDER BY day) AS idx FROM b;
     CREATE OR REPLACE TEMP TABLE bd AS SELECT idx, day FROM cal WHERE business`,
  );
  // Cases: a uniform day, kept with the month's relative volume, in the order of reception.
  await step(
    'draws',
    `CREATE OR REPLACE TEMP TABLE g0 AS
     WITH c AS (
       SELECT i, DATE '${startDay}' + CAST(floor(u(i, 1) * ${days}) AS INTEGER) AS rday FROM range(${candidates}) t(i))
     SELECT i, rday FROM c WHERE u(i, 2) < list_extract([${MONTH_VOLUME.join(', ')}], month(rday)) ORDER BY i LIMIT ${opts.cases}`,
  );
  await step(
    'cases-draw',
    `CREATE OR REPLACE TEMP TABLE g AS
     WITH a AS (
       SELECT i, rday, month(rday) AS moy,
         -- Office hours mostly; emails and voicemails also at night.
         CASE WHEN u(i, 3) < 0.8 THEN 8 * 3600 + CAST(u(i, 4) * 9 * 3600 AS INTEGER) ELSE CAST(u(i, 4) * 86399 AS INTEGER) END AS secs
       FROM g0),
     b AS (
       SELECT a.*, timezone('${tz}', CAST(rday AS TIMESTAMP) + to_seconds(secs)) AS received_at,
         ${pick('u(i, 5)', CHANNEL_MIX)} AS channel,
         ${pick('u(i, 6)', kindMix(profile))} AS kind,
         ${natureCase(profile, 'moy', 'u(i, 7)')} AS nature,
         ${pick('u(i, 8)', admissibilityMix(profile))} AS admissibility,
         u(i, 9) < CASE WHEN moy IN (12, 1, 2) THEN 0.07 ELSE 0.045 END AS is_urgent
       FROM a)
     SELECT row_number() OVER (ORDER BY received_at, i) AS n, b.*, cal.idx AS ridx,
       CASE WHEN admissibility = 'hors_competence' THEN ${pick('u(i, 10)', referralMix(profile))} END AS referral,
       CAST(floor(pow(u(i, 11), 2.2) * greatest(60, ${Math.round(opts.cases / 30)})) AS BIGINT) AS place
     FROM b JOIN cal ON cal.day = b.rday`,
  );
  await step('deadlines', deadlineRowsSql(profile, tz));
  const cols = new Set((await db.all<{ c: string }>(`SELECT table_name || '.' || column_name AS c FROM duckdb_columns() WHERE table_name IN ('cases', 'surveys')`)).map((r) => r.c));
  await step('cases', caseRowsSql(profile, tz, end.toISOString(), {
    finding: cols.has('cases.finding'),
    surveys: cols.has('surveys.token_id'),
    contactPool: opts.cases * 0.7,
  }));
  await step('case_events', eventRowsSql(end.toISOString()));
  await step('cleanup', `DROP TABLE g0; DROP TABLE g; DROP TABLE dl; DROP TABLE gc`);
  await step('checkpoint', 'CHECKPOINT');
  const n = async (t: string) => Number((await db.one<{ n: string }>(`SELECT count(*) AS n FROM ${t}`))?.n ?? 0);
  return { cases: await n('cases'), events: await n('case_events'), deadlines: await n('deadlines'), from: from.toISOString(), to: end.toISOString(), seconds: Math.round((performance.now() - t0) / 100) / 10 };
}
