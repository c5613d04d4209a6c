// The classify stage: consumes intake events (group "classify"), publishes the case events.
// Stateless, so any number of workers can share the intake partitions; a redelivered intake
// produces the same events with the same ids, which the store ignores.
import { consumeEvents } from '../core/log/consumer.ts';
import { publishEvents } from '../core/events/publish.ts';
import { TOPICS, type CaseEvent } from '../core/events/schemas.ts';
import type { Log, Subscription } from '../core/log/types.ts';
import type { Logger } from '../core/logger.ts';
import { caseEventsFor } from './case-events.ts';

type Deps = Parameters<typeof caseEventsFor>[1];

export async function startClassifyStage(log: Log, deps: Deps & { logger: Logger }): Promise<Subscription> {
  const logger = deps.logger.child({ component: 'classify' });
  return consumeEvents(log, {
    group: 'classify',
    topics: [TOPICS.intake],
    fromBeginning: true,
    logger,
    handle: async (items) => {
      const out: CaseEvent[] = [];
      for (const { event } of items) {
        if (event.type !== 'intake.received.v1') continue;
        const events = caseEventsFor(event, deps);
        out.push(...events);
        const cls = events.find((e) => e.type === 'case.classified.v1');
        logger.info({ caseId: events[0]?.data.caseId, eventId: event.id, nature: cls?.type === 'case.classified.v1' ? cls.data.nature : undefined }, events[0]?.type === 'case.message-added.v1' ? 'reply joined to case' : 'case classified');
      }
      if (out.length) await publishEvents(log, out);
    },
  });
}
