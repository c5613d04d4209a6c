// One complaint followed from intake to closure on the embedded log and a real DuckDB file, with
// an injected "now" at every step: every action is in its file with who, when and why (seed 004),
// its deadlines are right across the Fête nationale, a pause and an extension (seed 000), the
// scheduler raises "due soon" and "overdue" once per clock, the hash chain verifies and catches an
// edited event of the new kinds, and replay rebuilds the same tables, the vault included. A
// duplicate merged into the case it duplicates is in both files, and replays the same.
import { afterAll, describe, expect, it } from 'vitest';
import { caseEventsFor } from '../../classify/case-events.ts';
import { RulesClassifier } from '../../classify/rules-classifier.ts';
import type { CaseEvent } from '../../core/events/schemas.ts';
import { runCaseCommand, runMergeCommand, type Actor } from '../../core/lifecycle/commands/index.ts';
import { archiveBytes } from '../../ingest/archive.ts';
import { buildIntakeReceived } from '../../ingest/intake.ts';
import { emptySender, type ParsedMessage } from '../../ingest/parse/types.ts';
import { staffCorrections } from '../../store/corrections.ts';
import { caseFile } from '../../store/queries.ts';
import { loadCase } from '../../store/case-state.ts';
import { openOfflineStore, type OfflineStore } from '../../store/offline.ts';
import { replayInto } from '../../store/replay.ts';
import { sweepClocks } from '../../store/clock-sweep.ts';
import { clockTicker } from '../../store/scheduler.ts';
import { KEYED_TABLES, PROJECTED_TABLES } from '../../store/schema.ts';
import { VaultReader } from '../../store/vault.ts';
import { verifyChains } from '../../store/verify.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import { silentLogger, tempDataDir, testConfig } from '../helpers/app.ts';

const dataDir = tempDataDir('dol-casefile-');
const config = testConfig(dataDir, { DOLEANCES_SEED_EXAMPLES: 'false' });
let store: OfflineStore;
afterAll(async () => store?.close());

const agent: Actor = { id: 'agent:clientele:mgagnon', roles: ['agent'] };
const boss: Actor = { id: 'agent:responsable:flavoie', roles: ['responsable_plaintes'] };
const LETTER = "Bonjour, le voisin du 4 fait jouer sa musique très fort toutes les nuits depuis deux semaines, on ne dort plus. C'est inacceptable.";

async function receive(p: Partial<ParsedMessage> & { text: string; receivedAt: string }, name: string): Promise<CaseEvent[]> {
  const parsed: ParsedMessage = {
    disposition: 'case', dispositionReason: null, channel: 'letter', subject: 'Bruit la nuit', textConfidence: null, sender: emptySender(), language: 'fr',
    attachments: [], flags: [], inReplyToCaseRef: null, sourceId: null, source: { file: name }, ...p,
  };
  const raw = await archiveBytes(config.paths.archive, store.keyring, Buffer.from(`${name}\n${p.text}`));
  const intake = await buildIntakeReceived({ keyring: store.keyring, profileId: store.profile.id, archiveRoot: config.paths.archive, connector: 'test' }, parsed, raw, 'text/plain', {}, new Date(p.receivedAt));
  const events = caseEventsFor(intake, { profile: store.profile, calendar: store.calendar, classifier: new RulesClassifier(store.profile), keyring: store.keyring });
  await store.record([intake, ...events]);
  return events;
}

async function act(caseId: string, action: string, actor: Actor, now: string, args: Record<string, unknown> = {}): Promise<CaseEvent[]> {
  const snap = await loadCase(store.db, caseId, store.profile, store.calendar);
  const events = runCaseCommand(action, snap, { actor, now: new Date(now), profile: store.profile, calendar: store.calendar, keyring: store.keyring }, args);
  await store.record(events);
  return events;
}

async function dump(file: string, tables: Record<string, string>): Promise<Record<string, unknown>> {
  const db = await openWarehouse(file, { readOnly: true });
  try {
    const out: Record<string, unknown> = {};
    for (const [t, order] of Object.entries(tables)) out[t] = await db.all(`SELECT * FROM ${t} ORDER BY ${order}`);
    return out;
  } finally {
    db.close();
  }
}

describe('a case file from intake to closure (OMH, seed 000)', () => {
  it('keeps every step with who, when and why, and its deadlines right', async () => {
    store = await openOfflineStore(config);
    const ticker = clockTicker({ db: store.db, log: store.log, profile: store.profile, logger: silentLogger, keyring: store.keyring, archiveRoot: config.paths.archive });
    const tick = async (at: string) => {
      const r = await ticker.tick(new Date(at));
      await store.catchUp();
      return r;
    };
    // Tuesday June 23, 2026, the day before the Fête nationale.
    const opened = await receive({ text: LETTER, receivedAt: '2026-06-23T14:00:00-04:00', sender: { ...emptySender(), name: 'Julie Bellemare', address: '12, rue Sainte-Marguerite, app. 3, Trois-Rivières', phone: '819-555-0142' } }, 'plainte-bruit.txt');
    const caseId = opened[0]!.data.caseId;
    let file = (await caseFile(store.db, caseId, new Date('2026-06-23T15:00:00-04:00')))!;
    expect(file.case).toMatchObject({ status: 'recue', nature: 'voisinage', queue: 'direction-service-clientele' });
    const due = Object.fromEntries(file.deadlines.map((d) => [d.clock, store.calendar.localDate(d.due_at)]));
    expect(due).toEqual({ acknowledgement: '2026-06-25', followUp: '2026-06-29', answer: '2026-07-23' });

    // The scheduler, on the holiday: the acknowledgement is due soon, announced once.
    expect(await tick('2026-06-24T12:00:00-04:00')).toMatchObject({ dueSoon: 1, overdue: 0 });
    expect(await tick('2026-06-24T12:05:00-04:00')).toMatchObject({ dueSoon: 0, overdue: 0 });
    await store.record([{ id: 'ack-00001', type: 'case.acknowledgement-sent.v1', occurredAt: '2026-06-25T09:00:00-04:00', correlationId: 'c', profileId: store.profile.id, data: { caseId, sentAt: '2026-06-25T09:00:00-04:00', via: 'letter', to: null, messageId: null } }]);
    await act(caseId, 'take', agent, '2026-06-25T10:00:00-04:00');
    await act(caseId, 'escalate', agent, '2026-06-26T11:00:00-04:00', { step: 'sensibilisation', reason: 'Accroche-porte et rappel du règlement' });
    await act(caseId, 'note', agent, '2026-06-26T11:05:00-04:00', { text: 'Rencontre avec le locataire du 4 : il baissera le volume.', interventionAt: '2026-06-26T10:30:00-04:00' });
    await act(caseId, 'ask', agent, '2026-06-29T10:00:00-04:00', { reason: 'Préciser les heures du bruit', question: 'À quelles heures le bruit a-t-il lieu ?' });
    expect((await caseFile(store.db, caseId))!.case.status).toBe('en_attente_citoyen');
    // Paused: nothing is due while waiting; the citizen writes back on July 2 and the clocks resume.
    expect(await tick('2026-07-01T12:00:00-04:00')).toMatchObject({ dueSoon: 0, overdue: 0, resumed: 0 });
    await receive({ text: 'Surtout entre minuit et trois heures du matin.', receivedAt: '2026-07-02T10:00:00-04:00', inReplyToCaseRef: caseId, sender: { ...emptySender(), phone: '819-555-0142' } }, 'reponse.txt');
    expect(await tick('2026-07-02T12:00:00-04:00')).toMatchObject({ resumed: 1 });
    file = (await caseFile(store.db, caseId, new Date('2026-07-02T12:00:00-04:00')))!;
    expect(file.case.status).toBe('en_traitement');
    // 30 days + 3 days waiting = Sunday July 26 → Monday July 27 (Loi d'interprétation, art. 52).
    expect(store.calendar.localDate(file.deadlines.find((d) => d.clock === 'answer')!.due_at)).toBe('2026-07-27');

    // Seed 000: the answer will be late; the complainant is told of the additional delay.
    const ext = await act(caseId, 'extend', boss, '2026-07-20T09:00:00-04:00', { until: '2026-08-14', justification: 'Deuxième avis et médiation à tenir avant de répondre' });
    expect(ext.map((e) => e.type)).toEqual(['case.deadline-extended.v1', 'case.extension-notice-due.v1']);
    expect(await tick('2026-08-14T12:00:00-04:00')).toMatchObject({ dueSoon: 1, overdue: 0 });
    await act(caseId, 'answer', agent, '2026-08-14T14:00:00-04:00', { text: 'Un premier avis écrit a été remis ; le bruit a cessé.' });
    await act(caseId, 'judge', boss, '2026-08-14T15:00:00-04:00', { finding: 'partiellement_fondee', criteria: 'normes_service', reason: 'Bruit confirmé ; délai de traitement long' });
    await act(caseId, 'close', boss, '2026-08-14T15:05:00-04:00', { reason: 'Réponse écrite envoyée, situation réglée' });
    expect(await tick('2026-09-30T12:00:00-04:00')).toMatchObject({ dueSoon: 0, overdue: 0 });

    file = (await caseFile(store.db, caseId, new Date('2026-08-15T12:00:00-04:00')))!;
    expect(file.case).toMatchObject({ status: 'fermee', outcome: 'partiellement_fondee', finding: 'partiellement_fondee', escalation_step: 'sensibilisation', assignee: agent.id });
    const byClock = Object.fromEntries(file.deadlines.map((d) => [d.clock, d]));
    expect(byClock.acknowledgement).toMatchObject({ state: 'respecte' });
    expect(byClock.followUp).toMatchObject({ state: 'respecte' });
    expect(byClock.answer).toMatchObject({ state: 'respecte', paused_units: 3, extension_reason: 'Deuxième avis et médiation à tenir avant de répondre', due_at: '2026-08-15 03:59:59+00' });
    const types = file.timeline.map((e) => e.type);
    expect(types).toEqual([
      'case.opened.v1', 'case.classified.v1', 'case.routed.v1', 'case.acknowledgement-due.v1', 'case.clock-due-soon.v1', 'case.acknowledgement-sent.v1',
      'case.status-changed.v1', 'case.assigned.v1', 'case.escalated.v1', 'case.note-added.v1', 'case.status-changed.v1', 'case.info-requested.v1',
      'case.message-added.v1', 'case.citizen-answered.v1', 'case.status-changed.v1', 'case.deadline-extended.v1', 'case.extension-notice-due.v1',
      'case.clock-due-soon.v1', 'case.status-changed.v1', 'case.answer-sent.v1', 'case.judged.v1', 'case.status-changed.v1', 'case.closed.v1',
    ]);
    for (const e of file.timeline.filter((x) => /assigned|escalated|note|info-requested|extended|answer-sent|judged|closed/.test(x.type))) expect(e.actor).toMatch(/^agent:/);
    expect(file.timeline.filter((e) => e.type === 'case.status-changed.v1').map((e) => [e.data.from, e.data.to, e.reason !== null])).toEqual([
      ['accuse_envoye', 'en_traitement', true], ['en_traitement', 'en_attente_citoyen', true], ['en_attente_citoyen', 'en_traitement', true], ['en_traitement', 'reponse_envoyee', true], ['reponse_envoyee', 'fermee', true],
    ]);
    // The letter, the reply, the question and the answer are in the file, sealed; they open with the vault.
    const vault = new VaultReader(store.db, store.keyring);
    expect(file.messages.map((m) => m.direction)).toEqual(['inbound', 'outbound', 'inbound', 'outbound']);
    expect(await vault.open(file.messages[0]!.text!)).toBe(LETTER);
    expect(await vault.open(file.messages[1]!.text!)).toBe('À quelles heures le bruit a-t-il lieu ?');
    expect(await vault.open(file.identity!.name!)).toBe('Julie Bellemare');
    expect(JSON.stringify(file.timeline)).not.toMatch(/Bellemare|Sainte-Marguerite|555-0142|minuit/);
    const note = file.timeline.find((e) => e.type === 'case.note-added.v1')!;
    expect(await vault.open(note.sealed[0]!)).toMatch(/baissera le volume/);
  });

  it('verifies the hash chain with the new events and detects an edited judgement', async () => {
    expect((await verifyChains(store.db)).breaks).toEqual([]);
    const judged = (await store.db.one<{ event_id: string; case_id: string }>(`SELECT event_id, case_id FROM case_events WHERE type = 'case.judged.v1'`))!;
    const original = (await store.db.one<{ data: string }>(`SELECT data::VARCHAR AS data FROM case_events WHERE event_id = $1`, [judged.event_id]))!.data;
    await store.db.run(`UPDATE case_events SET data = json_merge_patch(data, '{"finding":"non_fondee"}') WHERE event_id = $1`, [judged.event_id]);
    expect((await verifyChains(store.db)).breaks).toEqual([expect.objectContaining({ caseId: judged.case_id, problem: 'contenu modifié' })]);
    await store.db.run(`UPDATE case_events SET data = $1::JSON WHERE event_id = $2`, [original, judged.event_id]);
    expect((await verifyChains(store.db)).breaks).toEqual([]);
  });

  it('keeps a staff reclassification as labelled data for retraining, beside what the model said', async () => {
    const opened = await receive({ text: 'Il y a un trou dans la clôture derrière le bloc, les enfants passent par là.', receivedAt: '2026-09-01T10:00:00-04:00' }, 'cloture.txt');
    const caseId = opened[0]!.data.caseId;
    const model = (await caseFile(store.db, caseId))!.case;
    await act(caseId, 'reclassify', agent, '2026-09-01T11:00:00-04:00', { kind: 'requete', nature: 'entretien', reason: 'Réparation de clôture' });
    const file = (await caseFile(store.db, caseId))!;
    expect(file.case).toMatchObject({ kind: 'requete', nature: 'entretien', queue: 'service-immeubles', model_version: model.model_version });
    const corrections = await staffCorrections(store.db, store.keyring);
    expect(corrections).toEqual([
      expect.objectContaining({ caseId, actor: agent.id, channel: 'letter', text: expect.stringContaining('clôture'), labels: expect.objectContaining({ kind: 'requete', nature: 'entretien', urgency: model.urgency }), model: expect.objectContaining({ nature: model.nature }) }),
    ]);
  });

  it('applies a corrected calendar to open cases on the scheduler’s first run', async () => {
    const open = (await store.db.one<{ case_id: string }>(`SELECT case_id FROM cases WHERE closed_at IS NULL`))!.case_id;
    const answer = async () => store.calendar.localDate((await caseFile(store.db, open))!.deadlines.find((d) => d.clock === 'answer')!.due_at);
    expect(await answer()).toBe('2026-10-01');
    const corrected = { ...store.profile, calendar: { ...store.profile.calendar, closures: [...store.profile.calendar.closures, { from: '2026-10-01', to: '2026-10-02', label: 'Inondation des bureaux' }] } };
    const ticker = clockTicker({ db: store.db, log: store.log, profile: corrected, logger: silentLogger });
    expect((await ticker.tick(new Date('2026-09-02T12:00:00-04:00'))).recomputed).toBe(1);
    expect(await answer()).toBe('2026-10-05');
    expect((await clockTicker({ db: store.db, log: store.log, profile: corrected, logger: silentLogger }).tick(new Date('2026-09-02T12:00:00-04:00'))).recomputed).toBe(0);
    await clockTicker({ db: store.db, log: store.log, profile: store.profile, logger: silentLogger }).tick(new Date('2026-09-02T12:00:00-04:00'));
    expect(await answer()).toBe('2026-10-01');
  });

  it('merges a duplicate into the case it duplicates: both files show it, the duplicate’s clocks stop, it stays merged', async () => {
    const kept = (await receive({ text: "L'ascenseur du 1250 rue Laviolette est en panne depuis trois jours, ma mère ne peut plus sortir.", receivedAt: '2026-09-14T09:00:00-04:00' }, 'ascenseur-lettre.txt'))[0]!.data.caseId;
    const dup = (await receive({ channel: 'email', subject: 'Ascenseur en panne', text: "Bonjour, je vous ai écrit : l'ascenseur du 1250 rue Laviolette ne fonctionne toujours pas.", receivedAt: '2026-09-15T08:30:00-04:00' }, 'ascenseur-courriel.txt'))[0]!.data.caseId;
    await act(dup, 'take', agent, '2026-09-15T09:00:00-04:00');
    const at = '2026-09-15T10:00:00-04:00';
    const ctx = { actor: agent, now: new Date(at), profile: store.profile, calendar: store.calendar, keyring: store.keyring };
    const events = runMergeCommand(await loadCase(store.db, dup, store.profile, store.calendar), await loadCase(store.db, kept, store.profile, store.calendar), ctx, { reason: 'Même panne, signalée par lettre puis par courriel' });
    await store.record(events);

    const d = (await caseFile(store.db, dup, new Date('2026-12-01T12:00:00-05:00')))!;
    expect(d.case).toMatchObject({ status: 'fusionne', merged_into: kept, outcome: 'fusionne' });
    expect(new Date(String(d.case.closed_at)).toISOString()).toBe(new Date(at).toISOString());
    expect(d.timeline.at(-1)).toMatchObject({ type: 'case.merged.v1', actor: agent.id, reason: 'Même panne, signalée par lettre puis par courriel', data: { intoCaseId: kept } });
    // Months later, the duplicate's unmet clocks are stopped, not late; the follow-up was met by taking it.
    expect(Object.fromEntries(d.deadlines.map((x) => [x.clock, x.state]))).toEqual({ acknowledgement: 'arrete', followUp: 'respecte', answer: 'arrete' });
    expect((await sweepClocks(store.db, new Date('2026-12-01T12:00:00-05:00'))).filter((e) => e.data.caseId === dup)).toEqual([]);

    const k = (await caseFile(store.db, kept))!;
    expect(k.case).toMatchObject({ status: 'recue', merged_into: null, closed_at: null });
    expect(k.timeline.at(-1)).toMatchObject({ type: 'case.duplicate-attached.v1', actor: agent.id, data: { duplicateCaseId: dup } });
    expect(k.duplicates).toEqual([{ case_id: dup, via: null, received_at: expect.anything(), channel: 'email', nature: d.case.nature, merged_at: expect.anything(), actor: agent.id, reason: 'Même panne, signalée par lettre puis par courriel' }]);
    expect(k.timeline.find((e) => e.type === 'case.duplicate-attached.v1')!.event_id).not.toBe(d.timeline.at(-1)!.event_id);
    // The duplicate's message is still in its own file, sealed, for the kept case's readers.
    expect(await new VaultReader(store.db, store.keyring).open(d.messages[0]!.text!)).toMatch(/ne fonctionne toujours pas/);

    // A merged duplicate is not reopened, nor merged again; the kept case can't be merged into it.
    await expect(act(dup, 'reopen', boss, '2026-09-16T10:00:00-04:00', { reason: 'Erreur' })).rejects.toMatchObject({ code: 'CASE_TRANSITION_INVALID' });
    const loadedDup = await loadCase(store.db, dup, store.profile, store.calendar);
    const loadedKept = await loadCase(store.db, kept, store.profile, store.calendar);
    expect(() => runMergeCommand(loadedDup, loadedKept, ctx, { reason: 'x' })).toThrow(/a déjà été fusionné/);
    expect(() => runMergeCommand(loadedKept, loadedDup, ctx, { reason: 'x' })).toThrow(/a lui-même été fusionné/);
    expect((await verifyChains(store.db)).breaks).toEqual([]);
  });

  it('replays the log into the same tables, the vault and survey comments included (same keyring, same contact keys)', async () => {
    const caseId = (await store.db.one<{ case_id: string }>(`SELECT case_id FROM cases`))!.case_id;
    await store.record([
      { id: 'survey-00001', type: 'case.survey-sent.v1', occurredAt: '2026-08-15T10:00:00-04:00', correlationId: 'c', profileId: store.profile.id, data: { caseId, via: 'email', tokenId: 'tok-0123456789', expiresAt: '2026-09-15T10:00:00-04:00' } },
      { id: 'survey-00002', type: 'case.survey-answered.v1', occurredAt: '2026-08-16T10:00:00-04:00', correlationId: 'c', profileId: store.profile.id, data: { caseId, tokenId: 'tok-0123456789', score: 4, comment: (await import('../../core/crypto/sealed.ts')).seal(store.keyring, 'Merci, enfin du calme.') } },
    ]);
    const s = (await store.db.one<{ score: number; comment_sealed: string }>(`SELECT score, comment_sealed FROM surveys`))!;
    expect(Number(s.score)).toBe(4);
    expect(s.comment_sealed).toMatch(/^v1\./);
    // The contact keys live beside the warehouse (data/keys/contacts): the rebuilt file reuses them.
    const rebuilt = `${dataDir}/rebuilt.duckdb`;
    await replayInto(store.log, rebuilt, { keyring: store.keyring });
    const tables = { ...PROJECTED_TABLES, ...KEYED_TABLES };
    const a = await dump(rebuilt, tables);
    const b: Record<string, unknown> = {};
    for (const [t, order] of Object.entries(tables)) b[t] = await store.db.all(`SELECT * FROM ${t} ORDER BY ${order}`);
    expect(a).toEqual(b);
  });
});
