// The caller's number as Twilio gives it (`From`/`Caller` of the voice webhook), normalised to
// E.164 for the contact id, or recognised as withheld. Twilio docs ("Why does Caller ID show
// +266696687, anonymous…"): a blocked or unavailable caller ID arrives as a word (`anonymous`,
// `Restricted`…) or as one of Twilio's pseudo-numbers spelling it on a keypad (+266696687 is
// "ANONYMOUS"), which would otherwise look like a valid Lesotho number.
import { toE164 } from '../text.ts';

const WITHHELD_WORDS = new Set(['', 'anonymous', 'restricted', 'private', 'unknown', 'unavailable', 'blocked', 'withheld', 'client:anonymous']);
/** ANONYMOUS, RESTRICTED, BLOCKED, UNKNOWN, UNAVAILABLE on a phone keypad. */
const WITHHELD_NUMBERS = new Set(['+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253']);

export interface CallerId {
  /** E.164, or null when withheld or unreadable. */
  e164: string | null;
  withheld: boolean;
}

export function callerIdOf(raw: string | null | undefined): CallerId {
  const value = (raw ?? '').trim();
  if (WITHHELD_WORDS.has(value.toLowerCase())) return { e164: null, withheld: true };
  const compact = value.replace(/[^\d+]/g, '');
  if (WITHHELD_NUMBERS.has(compact) || WITHHELD_NUMBERS.has(`+${compact}`)) return { e164: null, withheld: true };
  // SIP or client identities (sip:…, client:…) are not numbers we can call back.
  if (/^[a-z]+:/i.test(value)) return { e164: null, withheld: true };
  const e164 = toE164(value);
  return { e164, withheld: e164 === null };
}

/**
 * A number an SMS may reach: North American (NANP, +1 NXX NXX XXXX), not toll-free. Whether it
 * is a mobile can't be known beforehand; Twilio answers 21614 ("not a mobile number") when not.
 */
export function maySms(e164: string | null): boolean {
  if (!e164) return false;
  const m = /^\+1([2-9]\d{2})[2-9]\d{6}$/.exec(e164);
  if (!m) return false;
  return !['800', '833', '844', '855', '866', '877', '888'].includes(m[1]!);
}
