// The live stream tells each viewer only about cases of their queues, and never about accesses.
import { describe, expect, it } from 'vitest';
import { changesFor } from './changes-for.ts';

const agent = { allCases: false, ownCases: true, queues: new Set(['service-immeubles']), aggregates: false };

describe('changesFor', () => {
  it('keeps an agent to their queues and counts new cases', () => {
    const m = changesFor([
      { caseId: 'A', queue: 'service-immeubles', type: 'case.routed.v1' },
      { caseId: 'B', queue: 'service-clientele', type: 'case.routed.v1' },
    ], agent);
    expect(m).toEqual({ queues: ['service-immeubles'], cases: ['A'], opened: 1, aggregates: false });
  });

  it('says nothing about consultations and identity reveals', () => {
    expect(changesFor([{ caseId: 'A', queue: 'service-immeubles', type: 'case.viewed.v1' }], agent)).toBeNull();
    expect(changesFor([{ caseId: 'A', queue: 'service-immeubles', type: 'case.identity-revealed.v1' }], { ...agent, aggregates: true })).toBeNull();
  });

  it('gives board members a bare signal, with no case', () => {
    const m = changesFor([{ caseId: 'A', queue: 'service-immeubles', type: 'case.closed.v1' }], { allCases: false, ownCases: false, queues: new Set(), aggregates: true });
    expect(m).toEqual({ queues: [], cases: [], opened: 0, aggregates: true });
  });
});
