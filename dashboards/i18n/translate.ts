// The staff app's interface strings, French by default and English on request (a cookie set by
// /langue/en). Each area keeps its own dictionary; the French one defines the keys and the English
// one must have every key (the type checker says so). `{name}` placeholders are filled by `t`.
import { ACTIONS_EN, ACTIONS_FR } from './actions.ts';
import { ADMIN_EN, ADMIN_FR } from './admin.ts';
import { CASE_EN, CASE_FR } from './case.ts';
import { COMMON_EN, COMMON_FR } from './common.ts';
import { QUEUES_EN, QUEUES_FR } from './queues.ts';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];

const FR = { ...COMMON_FR, ...QUEUES_FR, ...CASE_FR, ...ACTIONS_FR, ...ADMIN_FR };
export type MessageKey = keyof typeof FR;
const EN: Record<MessageKey, string> = { ...COMMON_EN, ...QUEUES_EN, ...CASE_EN, ...ACTIONS_EN, ...ADMIN_EN };

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang): T {
  const dict: Record<MessageKey, string> = lang === 'en' ? EN : FR;
  return (key, vars) => {
    const s = dict[key] ?? FR[key] ?? key;
    return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
  };
}

export function isLang(s: string | undefined | null): s is Lang {
  return s === 'fr' || s === 'en';
}
