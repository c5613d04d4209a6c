// Loading and validating policy profiles: an invalid profile stops start-up with a message that
// names the file and the field.
import fs from 'node:fs';
import path from 'node:path';
import { BusinessCalendar } from '../calendar/business-calendar.ts';
import { DoleancesError } from '../errors.ts';
import { profileSchema, type Profile } from './schema.ts';

export function parseProfile(raw: unknown, origin: string): Profile {
  const r = profileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || '(racine)';
    throw new DoleancesError('PROFILE_INVALID', `Profil invalide (${origin}) : ${field} : ${issue.message}`, { details: { origin, field } });
  }
  return r.data;
}

export function loadProfile(dir: string, id: string): Profile {
  const file = path.join(dir, `${id}.json`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    const known = listProfileIds(dir).join(', ');
    throw new DoleancesError('PROFILE_NOT_FOUND', `Profil « ${id} » introuvable dans ${dir} (profils connus : ${known || 'aucun'})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new DoleancesError('PROFILE_INVALID', `Profil invalide (${file}) : JSON illisible : ${(cause as Error).message}`, { cause });
  }
  const profile = parseProfile(raw, file);
  if (profile.id !== id) throw new DoleancesError('PROFILE_INVALID', `Profil invalide (${file}) : id : « ${profile.id} » ≠ nom du fichier`);
  return profile;
}

export function listProfileIds(dir: string): string[] {
  try {
    return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  } catch {
    return [];
  }
}

export function calendarOf(profile: Profile): BusinessCalendar {
  return new BusinessCalendar({ timezone: profile.timezone, ...profile.calendar });
}

export function queueLabel(profile: Profile, queue: string, lang: 'fr' | 'en' = 'fr'): string {
  return profile.queues.find((q) => q.id === queue)?.label[lang] ?? queue;
}
