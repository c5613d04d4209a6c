// The lifecycle as a state machine: every status and action of the table, invalid transitions
// refused in French with CASE_TRANSITION_INVALID, and the rules of seeds 000 and 001 the commands
// enforce (judgement criteria, closing after the answer, referral table, steps, anonymity).
import { describe, expect, it } from 'vitest';
import { CASE_STATUSES } from '../events/schemas.ts';
import { DoleancesError } from '../errors.ts';
import { answer, ask, close, drop, escalate, judge, redirect, reopen, reveal, take, view, wallOff } from './commands/index.ts';
import { runCaseCommand } from './commands/index.ts';
import { ACTIONS, CLOSED_STATUSES, TRANSITIONS, statusAfter, transition } from './state-machine.ts';
import { agent, CaseRun, context, opening, profile, responsable } from './test-kit.ts';

const omh = profile('omh-trois-rivieres');
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as DoleancesError).code;
  }
  return 'ok';
};

describe('state machine', () => {
  it('covers every status and action, and only reopening leaves a closed status (besides notes, views)', () => {
    for (const a of ACTIONS) for (const s of TRANSITIONS[a].from) expect(CASE_STATUSES).toContain(s);
    for (const s of CLOSED_STATUSES) {
      const allowed = ACTIONS.filter((a) => TRANSITIONS[a].from.includes(s));
      expect(allowed.sort()).toEqual(['note', 'reopen', 'reveal', 'view', 'wall-off'].sort());
      expect(transition('X', s, 'reopen')).toBe('rouverte');
    }
  });

  it('refuses an invalid transition with a stable code and a French message naming the states', () => {
    const err = (() => {
      try {
        transition('2026-ABCDE-FGHJK', 'recue', 'close');
      } catch (e) {
        return e as DoleancesError;
      }
    })()!;
    expect(err.code).toBe('CASE_TRANSITION_INVALID');
    expect(err.message).toBe('Impossible de fermer : le dossier 2026-ABCDE-FGHJK est « Reçue » (permis depuis : « Réponse envoyée »).');
  });

  it('derives the status from events as the projector does', () => {
    expect(statusAfter(null, { type: 'case.opened.v1', data: {} as never })).toBe('recue');
    expect(statusAfter('recue', { type: 'case.acknowledgement-sent.v1', data: {} as never })).toBe('accuse_envoye');
    expect(statusAfter('en_traitement', { type: 'case.acknowledgement-sent.v1', data: {} as never })).toBe('en_traitement');
    expect(statusAfter('en_traitement', { type: 'case.closed.v1', data: { outcome: 'irrecevable' } as never })).toBe('irrecevable');
  });
});

describe('case commands (seeds 000 and 001)', () => {
  const at = '2026-11-23T10:00:00-05:00';

  it('takes, asks, answers, judges and closes a complaint, each event with who and why', () => {
    const run = new CaseRun(opening({ receivedAt: '2026-11-23T09:00:00-05:00' }), omh);
    expect(run.do((s) => take(s, context(omh, at))).map((e) => e.type)).toEqual(['case.status-changed.v1', 'case.assigned.v1']);
    expect(run.snap.state).toMatchObject({ status: 'en_traitement', assignee: agent.id });
    run.do((s) => ask(s, context(omh, at), { reason: 'Préciser les heures du bruit', question: 'À quelles heures ?' }));
    expect(run.snap.state.status).toBe('en_attente_citoyen');
    expect(code(() => close(run.snap, context(omh, at), { reason: 'x' }))).toBe('CASE_TRANSITION_INVALID');
    run.do((s) => runCaseCommand('answered', s, context(omh, at), {}));
    run.do((s) => answer(s, context(omh, at), { text: 'Un premier avis a été remis au voisin.' }));
    // Seed 001: the judgement comes before closing a complaint.
    expect(code(() => close(run.snap, context(omh, at, responsable), { reason: 'Réglé' }))).toBe('CASE_ACTION_INVALID');
    run.do((s) => judge(s, context(omh, at, responsable), { finding: 'fondee', criteria: ['normes_service'], reason: 'Bruit constaté par le concierge' }));
    const closed = run.do((s) => close(s, context(omh, at, responsable), { reason: 'Réponse écrite envoyée' }));
    expect(closed.find((e) => e.type === 'case.closed.v1')?.data).toMatchObject({ outcome: 'fondee', criteria: ['normes_service'], actor: responsable.id });
    expect(run.snap.state.status).toBe('fermee');
    for (const e of run.events.slice(3)) expect((e.data as { actor?: string }).actor).toMatch(/^agent:/);
  });

  it('checks the judgement against seed 001 criteria', () => {
    const run = new CaseRun(opening({ receivedAt: at }), omh);
    run.do((s) => take(s, context(omh, at)));
    const ctx = context(omh, at, responsable);
    expect(code(() => judge(run.snap, ctx, { finding: 'non_fondee', criteria: ['erreur'], reason: 'x' }))).toBe('CASE_ACTION_INVALID');
    expect(code(() => judge(run.snap, ctx, { finding: 'fondee', criteria: ['aucun_prejudice'], reason: 'x' }))).toBe('CASE_ACTION_INVALID');
    expect(code(() => judge(run.snap, ctx, { finding: 'fondee', criteria: ['inventé'], reason: 'x' }))).toBe('CASE_ACTION_INVALID');
    expect(code(() => judge(run.snap, ctx, { finding: 'non_fondee', criteria: ['aucun_prejudice'], reason: 'Aucun préjudice démontré' }))).toBe('ok');
    const request = new CaseRun(opening({ receivedAt: at, kind: 'requete', nature: 'entretien' }), omh);
    request.do((s) => take(s, context(omh, at)));
    expect(code(() => judge(request.snap, ctx, { finding: 'fondee', criteria: ['erreur'], reason: 'x' }))).toBe('CASE_ACTION_INVALID');
  });

  it('redirects only to a body of the referral table, and an anonymous complaint can be dropped, not asked', () => {
    const run = new CaseRun(opening({ receivedAt: at }), omh);
    expect(code(() => redirect(run.snap, context(omh, at), { body: 'Hydro-Québec', consent: true, reason: 'x' }))).toBe('CASE_ACTION_INVALID');
    const ev = redirect(run.snap, context(omh, at), { body: 'ville de trois-rivières', consent: true, reason: 'Rue municipale' });
    expect(ev.map((e) => e.type)).toEqual(['case.status-changed.v1', 'case.referred.v1', 'case.closed.v1']);
    expect(ev[1]!.data).toMatchObject({ body: 'Ville de Trois-Rivières', url: 'https://www.v3r.net', consent: true });
    const anon = new CaseRun(opening({ receivedAt: at, anonymous: true }), omh);
    expect(code(() => ask(anon.snap, context(omh, at), { reason: 'Vérifier les faits' }))).toBe('CASE_ACTION_INVALID');
    expect(drop(anon.snap, context(omh, at), { reason: 'Plainte anonyme, faits invérifiables (seed 001)' })[1]!.data).toMatchObject({ outcome: 'classee_sans_suite', criteria: ['anonyme'] });
  });

  it('follows the neighbour-behaviour steps forward only, for the natures that have them', () => {
    const run = new CaseRun(opening({ receivedAt: at }), omh);
    run.do((s) => escalate(s, context(omh, at), { step: 'sensibilisation', reason: 'Accroche-porte' }));
    expect(run.snap.state).toMatchObject({ status: 'en_traitement', escalationStep: 'sensibilisation' });
    run.do((s) => escalate(s, context(omh, at), { step: 'premier_avis', reason: 'Le bruit continue' }));
    expect(code(() => escalate(run.snap, context(omh, at), { step: 'enquete', reason: 'x' }))).toBe('CASE_ACTION_INVALID');
    const snow = new CaseRun(opening({ receivedAt: at, nature: 'deneigement', queue: 'service-immeubles' }), omh);
    expect(code(() => escalate(snow.snap, context(omh, at), { step: 'enquete', reason: 'x' }))).toBe('CASE_ACTION_INVALID');
  });

  it('protects identity: reveal needs an authorised role and a written reason; a walled-off employee is refused', () => {
    const run = new CaseRun(opening({ receivedAt: at }), omh);
    expect(code(() => reveal(run.snap, context(omh, at, agent), { reason: 'Besoin de rappeler la personne' }))).toBe('CASE_ROLE_REQUIRED');
    expect(code(() => reveal(run.snap, context(omh, at, responsable), { reason: 'court' }))).toBe('CASE_ROLE_REQUIRED');
    expect(reveal(run.snap, context(omh, at, responsable), { reason: 'Rappeler la plaignante pour une visite', fields: ['phone'] })[0]!.data).toMatchObject({ role: 'responsable_plaintes', fields: ['phone'] });
    run.do((s) => take(s, context(omh, at, agent)));
    const walled = run.do((s) => wallOff(s, context(omh, at, responsable), { employee: agent.id, reason: 'Employé visé par la plainte' }));
    expect(walled.map((e) => e.type)).toEqual(['case.walled-off.v1', 'case.assigned.v1']);
    expect(run.snap.state.assignee).toBeNull();
    expect(code(() => view(run.snap, context(omh, at, agent)))).toBe('CASE_WALLED_OFF');
    expect(code(() => runCaseCommand('assign', run.snap, context(omh, at, responsable), { assignee: agent.id, reason: 'x' }))).toBe('CASE_ACTION_INVALID');
  });

  it('reopens a closed case, and validates raw arguments naming the field', () => {
    const run = new CaseRun(opening({ receivedAt: at, kind: 'requete', nature: 'entretien' }), omh);
    run.do((s) => answer(s, context(omh, at), { text: 'Le plombier passera jeudi.' }));
    run.do((s) => runCaseCommand('close', s, context(omh, at), { reason: 'Réparé' }));
    expect(run.snap.state).toMatchObject({ status: 'fermee', outcome: 'reglee' });
    run.do((s) => reopen(s, context(omh, at), { reason: 'Le robinet coule encore' }));
    expect(run.snap.state).toMatchObject({ status: 'rouverte', closedAt: null });
    expect(() => runCaseCommand('note', run.snap, context(omh, at), {})).toThrow(/text : obligatoire/);
    expect(() => runCaseCommand('explode', run.snap, context(omh, at), {})).toThrow(/inconnue/);
  });

  it('records a staff reclassification as labels and moves the case to its nature’s queue', () => {
    const run = new CaseRun(opening({ receivedAt: at, nature: 'autre', queue: 'service-clientele' }), omh);
    const ev = runCaseCommand('reclassify', run.snap, context(omh, at), { nature: 'deneigement', urgency: 'urgente', urgencyReason: 'securite', reason: 'Escalier glacé' });
    expect(ev.map((e) => e.type)).toEqual(['case.classified.v1', 'case.assigned.v1']);
    expect(ev[0]!.data).toMatchObject({ nature: 'deneigement', urgency: 'urgente', urgencyReason: 'securite', actor: agent.id, modelVersion: 'personnel' });
    expect(ev[1]!.data).toMatchObject({ queue: 'service-immeubles', assignee: null });
    expect(() => runCaseCommand('reclassify', run.snap, context(omh, at), { urgency: 'urgente', reason: 'x' })).toThrow(/motif d’urgence/);
  });
});
