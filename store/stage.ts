// The store stage: the single writer of the warehouse. It reads intake and case events, projects
// them, and keeps its offsets in DuckDB (seeking from them on start), so the log's own group
// offsets are only a hint and a crash between write and commit can never double a case.
import { consumeEvents } from '../core/log/consumer.ts';
import { TOPICS } from '../core/events/schemas.ts';
import type { Log, Subscription } from '../core/log/types.ts';
import type { Logger } from '../core/logger.ts';
import type { Projector } from './projector.ts';

export async function startStoreStage(log: Log, projector: Projector, logger: Logger, opts: { group?: string; onProjected?: () => void } = {}): Promise<Subscription> {
  const offsets = await projector.offsets();
  return consumeEvents(log, {
    group: opts.group ?? 'store',
    topics: [TOPICS.intake, TOPICS.caseEvents],
    fromBeginning: true,
    logger: logger.child({ component: 'store' }),
    maxBatch: 1000,
    seek: async (topic, partition) => offsets.get(`${topic}:${partition}`) ?? 0,
    handle: async (items, upTo) => {
      await projector.project(items, upTo);
      opts.onProjected?.();
    },
  });
}
