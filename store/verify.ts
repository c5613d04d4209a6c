// Tamper evidence: recompute each case's hash chain from its stored events and report the first
// break (an event edited, removed or reordered in the DuckDB file).
import type { CaseEvent } from '../core/events/schemas.ts';
import type { Duck } from './duck.ts';
import { chainHash } from './canonical.ts';

export interface ChainBreak {
  caseId: string;
  seq: number;
  eventId: string;
  problem: string;
}

export async function verifyChains(db: Duck): Promise<{ cases: number; events: number; breaks: ChainBreak[] }> {
  const rows = await db.all<{ case_id: string; seq: number; event_id: string; type: string; occurred_at: string; data: string; prev_hash: string | null; hash: string }>(
    `SELECT e.case_id, e.seq, e.event_id, e.type, strftime(e.occurred_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS occurred_at, e.data::VARCHAR AS data, e.prev_hash, e.hash
     FROM case_events e JOIN cases c USING (case_id) ORDER BY e.case_id, e.seq`,
  );
  const breaks: ChainBreak[] = [];
  const heads = new Map((await db.all<{ case_id: string; last_hash: string; event_count: number }>(`SELECT case_id, last_hash, event_count FROM cases`)).map((r) => [r.case_id, r]));
  let prevCase = '';
  let prev: string | null = null;
  let expectedSeq = 1;
  const broken = new Set<string>();
  for (const r of rows) {
    if (r.case_id !== prevCase) {
      prevCase = r.case_id;
      prev = null;
      expectedSeq = 1;
    }
    if (broken.has(r.case_id)) continue;
    const fail = (problem: string) => {
      breaks.push({ caseId: r.case_id, seq: r.seq, eventId: r.event_id, problem });
      broken.add(r.case_id);
    };
    if (r.seq !== expectedSeq) fail(`séquence ${r.seq} au lieu de ${expectedSeq}`);
    else if (r.prev_hash !== prev) fail('empreinte précédente différente');
    else {
      const event = { id: r.event_id, type: r.type, occurredAt: r.occurred_at, data: JSON.parse(r.data) as unknown } as unknown as CaseEvent;
      if (chainHash(prev, event) !== r.hash) fail('contenu modifié');
    }
    prev = r.hash;
    expectedSeq++;
  }
  for (const [caseId, head] of heads) {
    if (!broken.has(caseId) && rows.filter((r) => r.case_id === caseId).length !== Number(head.event_count)) {
      breaks.push({ caseId, seq: Number(head.event_count), eventId: '', problem: 'événement manquant' });
    }
  }
  return { cases: heads.size, events: rows.length, breaks };
}
