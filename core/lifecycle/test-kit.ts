// Building blocks for the lifecycle's unit tests: a case's first events as the classify stage
// emits them (case.opened, classified, routed), folded into a snapshot, and a command context with
// an injected "now". Test support only: nothing in production imports it.
import crypto from 'node:crypto';
import path from 'node:path';
import { REPO_ROOT } from '../config.ts';
import { createKeyring } from '../crypto/keyring.ts';
import type { CaseEvent } from '../events/schemas.ts';
import { calendarOf, loadProfile } from '../profiles/load.ts';
import type { Profile } from '../profiles/schema.ts';
import { foldCaseState, type StoredEvent } from './case-state.ts';
import { computeClocks } from './clocks.ts';
import type { Actor, CaseSnapshot, CommandContext } from './commands/context.ts';

export const keyring = createKeyring([{ id: 'k1', key: crypto.randomBytes(32) }]);
export const profile = (id: string): Profile => loadProfile(path.join(REPO_ROOT, 'profiles'), id);

let n = 0;
const S = 's1.k1.aaaa.bbbb.cccc';

export interface Opening {
  profileId?: string;
  receivedAt: string;
  channel?: 'email' | 'letter' | 'voicemail' | 'fax';
  kind?: 'plainte' | 'requete' | 'commentaire' | 'information';
  nature?: string;
  urgency?: 'urgente' | 'normale';
  urgencyReason?: string | null;
  queue?: string;
  anonymous?: boolean;
}

export function opening(o: Opening): StoredEvent[] {
  const caseId = `2026-TEST${++n}`;
  const at = o.receivedAt;
  const base = { occurredAt: at, correlationId: 'c', profileId: o.profileId ?? 'omh-trois-rivieres' };
  const contact = o.anonymous ? { name: null, email: null, phone: null, fax: null, address: null, contactId: null } : { name: S, email: S, phone: S, fax: null, address: S, contactId: `contact-${n}` };
  return [
    { ...base, id: `${caseId}-o`, type: 'case.opened.v1', data: { caseId, caseRef: caseId, intakeId: `i-${n}`, idempotencyKey: `k-${n}`, channel: o.channel ?? 'letter', receivedAt: at, contact, subject: null, text: S, textConfidence: null, attachments: [], raw: { sha256: '0'.repeat(64), size: 1, contentType: 'text/plain' }, flags: [], source: {} } },
    { ...base, id: `${caseId}-c`, type: 'case.classified.v1', data: { caseId, kind: o.kind ?? 'plainte', admissibility: 'recevable', referral: null, nature: o.nature ?? 'voisinage', urgency: o.urgency ?? 'normale', urgencyReason: o.urgencyReason ?? null, confidence: 0.8, modelVersion: 'rules-1', rules: [], terms: [], actor: 'systeme:classification' } },
    { ...base, id: `${caseId}-r`, type: 'case.routed.v1', data: { caseId, queue: o.queue ?? 'direction-service-clientele', reason: 'nature', deadlines: [], actor: 'systeme:classification' } },
  ] as StoredEvent[];
}

export const agent: Actor = { id: 'agent:clientele:mgagnon', roles: ['agent'] };
export const responsable: Actor = { id: 'agent:responsable:flavoie', roles: ['responsable_plaintes'] };

export function context(p: Profile, now: string, actor: Actor = agent): CommandContext {
  return { actor, now: new Date(now), profile: p, calendar: calendarOf(p), keyring };
}

export function snapshot(events: StoredEvent[], p: Profile): CaseSnapshot {
  const state = foldCaseState(events.map((e) => ({ ...e, profileId: p.id })))!;
  return { state, clocks: computeClocks(events, p, calendarOf(p)) };
}

/** Runs commands one after the other on a growing event list, as the store would project them. */
export class CaseRun {
  constructor(public events: StoredEvent[], readonly p: Profile) {}
  get snap(): CaseSnapshot {
    return snapshot(this.events, this.p);
  }
  do(run: (snap: CaseSnapshot) => CaseEvent[]): CaseEvent[] {
    const out = run(this.snap);
    this.events.push(...(out as StoredEvent[]));
    return out;
  }
}
