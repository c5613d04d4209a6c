// Compact dates for tables: « 24 nov. 2026 » and « 24 nov. 2026, 23 h 59 » (OQLF style for the
// time), or « Nov 24, 2026, 23:59 » in English. Long forms live in core/i18n/format.ts.
import type { Lang } from '../i18n/translate.ts';

const cache = new Map<string, Intl.DateTimeFormat>();

function fmt(lang: Lang, tz: string, time: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${tz}|${time}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-CA' : 'en-CA', { timeZone: tz, day: 'numeric', month: 'short', year: 'numeric', ...(time ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}) });
    cache.set(key, f);
  }
  return f;
}

export function shortDate(iso: string | Date, tz: string, lang: Lang): string {
  return fmt(lang, tz, false).format(new Date(iso));
}

export function shortDateTime(iso: string | Date, tz: string, lang: Lang): string {
  const d = new Date(iso);
  if (lang === 'en') return fmt('en', tz, true).format(d);
  const p = Object.fromEntries(fmt('fr', tz, true).formatToParts(d).map((x) => [x.type, x.value]));
  return `${shortDate(d, tz, 'fr')}, ${Number(p.hour)} h ${p.minute}`;
}
