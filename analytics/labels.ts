// The French words of the report: what each code of the warehouse is called for the board.
import { CHANNEL_LABELS, KIND_LABELS, label } from '../core/i18n/format.ts';
import type { Profile } from '../core/profiles/schema.ts';
import type { Clock, ClockUnit, Dimension } from './model.ts';
import { themeLabel } from './themes.ts';

export const DIMENSION_TITLES: Record<Dimension, string> = { kind: 'Type', nature: 'Nature', channel: 'Canal', urgency: 'Urgence' };

export const OUTCOME_LABELS: Record<string, string> = {
  fondee: 'Fondée',
  partiellement_fondee: 'Partiellement fondée',
  non_fondee: 'Non fondée',
  reglee: 'Réglée (requête)',
  redirigee: 'Redirigée vers un autre organisme',
  irrecevable: 'Irrecevable',
  classee_sans_suite: 'Classée sans suite (abandon)',
};

export const CLOCK_LABELS: Record<Clock, string> = {
  acknowledgement: 'Accusé de réception',
  callback: 'Rappel (messages vocaux)',
  followUp: 'Suivi',
  urgent: 'Urgence',
  answer: 'Réponse finale',
};

export const UNIT_LABELS: Record<ClockUnit, { one: string; many: string; short: string }> = {
  business_days: { one: 'jour ouvrable', many: 'jours ouvrables', short: 'j. ouvr.' },
  calendar_days: { one: 'jour', many: 'jours', short: 'j' },
  hours: { one: 'heure', many: 'heures', short: 'h' },
};

export const LATENESS_LABELS: Record<string, string> = {
  '1-7': 'En retard de 7 jours ou moins',
  '8-30': 'De 8 à 30 jours',
  '31-90': 'De 31 à 90 jours',
  '91+': 'Plus de 90 jours',
};

export const SCORE_LABELS: Record<string, string> = {
  '1': '1 — Très insatisfait',
  '2': '2 — Insatisfait',
  '3': '3 — Neutre',
  '4': '4 — Satisfait',
  '5': '5 — Très satisfait',
};

const UNKNOWN = 'Non classé';

export function codeLabel(p: Profile, dim: Dimension | 'admissibility' | 'outcome' | 'referral' | 'theme' | 'score', code: string): string {
  if (code === 'inconnu') return UNKNOWN;
  switch (dim) {
    case 'kind':
      return label(KIND_LABELS, code);
    case 'channel':
      return label(CHANNEL_LABELS, code);
    case 'urgency':
      return code === 'urgente' ? 'Urgente' : code === 'normale' ? 'Normale' : code;
    case 'nature':
      return p.natures.find((n) => n.code === code)?.label.fr ?? code;
    case 'admissibility':
      return p.admissibility.find((a) => a.code === code)?.label.fr ?? code;
    case 'outcome':
      return OUTCOME_LABELS[code] ?? code;
    case 'theme':
      return themeLabel(code);
    case 'score':
      return SCORE_LABELS[code] ?? code;
    case 'referral':
      return code;
  }
}

export function targetText(amount: number, unit: ClockUnit): string {
  const u = UNIT_LABELS[unit];
  return `${amount} ${amount > 1 ? u.many : u.one}`;
}
