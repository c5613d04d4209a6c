// The proportions of the synthetic history, taken from a policy profile: its natures with the
// seasons of Québec (snow from December to March, noise from June to August), channels, kinds,
// admissibility codes and referral bodies. Each becomes a SQL CASE over a uniform draw `u`.
import type { Profile } from '../../core/profiles/schema.ts';

export interface Weighted {
  code: string;
  w: number;
}

/** `CASE WHEN u < 0.3 THEN 'a' WHEN u < 0.8 THEN 'b' ELSE 'c' END` for weights over `u` in [0, 1). */
export function pick(u: string, items: readonly Weighted[]): string {
  const total = items.reduce((s, x) => s + x.w, 0);
  let acc = 0;
  const whens = items.slice(0, -1).map((x) => {
    acc += x.w / total;
    return `WHEN ${u} < ${acc.toFixed(6)} THEN '${x.code.replace(/'/g, "''")}'`;
  });
  return `CASE ${whens.join(' ')} ELSE '${items[items.length - 1]!.code.replace(/'/g, "''")}' END`;
}

const SNOW = [40, 38, 25, 8, 0.3, 0.3, 0.3, 0.3, 0.3, 0.5, 8, 30];
const NOISE = [10, 10, 11, 13, 20, 32, 36, 34, 20, 13, 11, 10];

/** Weight of a nature in month `m` (1–12): seasonal for snow and noise, a fixed share otherwise. */
export function natureWeight(code: string, index: number, m: number): number {
  if (code === 'deneigement') return SNOW[m - 1]!;
  if (code === 'voisinage') return NOISE[m - 1]!;
  if (code === 'autre') return 3;
  return [22, 16, 12, 9, 7, 6, 5, 4, 4, 3, 3][index] ?? 3;
}

/** Nature by month of year: a CASE on `moy` (1–12) of CASEs on the draw. */
export function natureCase(p: Profile, moy: string, u: string): string {
  const months = Array.from({ length: 12 }, (_, k) => k + 1);
  return `CASE ${moy} ${months.map((m) => `WHEN ${m} THEN ${pick(u, p.natures.map((n, i) => ({ code: n.code, w: natureWeight(n.code, i, m) })))}`).join(' ')} END`;
}

/** Relative volume by month of year: more in winter (snow, heating, ice), fewer in early autumn. */
export const MONTH_VOLUME = [1.0, 0.95, 0.88, 0.78, 0.74, 0.8, 0.84, 0.8, 0.72, 0.76, 0.86, 0.96];

export const CHANNEL_MIX: Weighted[] = [
  { code: 'email', w: 42 }, { code: 'voicemail', w: 14 }, { code: 'phone', w: 12 }, { code: 'letter', w: 9 },
  { code: 'web', w: 10 }, { code: 'fax', w: 4 }, { code: 'in_person', w: 5 }, { code: 'sms', w: 4 },
];

export function kindMix(p: Profile): Weighted[] {
  const w: Record<string, number> = { plainte: 58, requete: 30, commentaire: 6, information: 6 };
  return p.kinds.map((k) => ({ code: k.code, w: w[k.code] ?? 5 }));
}

export function admissibilityMix(p: Profile): Weighted[] {
  const others = p.admissibility.filter((a) => a.code !== 'recevable');
  return [{ code: 'recevable', w: 90 }, ...others.map((a, i) => ({ code: a.code, w: a.code === 'hors_competence' ? 6 : Math.max(0.5, 2 - i * 0.5) }))];
}

export function referralMix(p: Profile): Weighted[] {
  return p.referrals.length ? p.referrals.map((r, i) => ({ code: r.body, w: Math.max(1, 10 - i * 2) })) : [{ code: 'Autre organisme', w: 1 }];
}
