// Publishing events: validated against their schema first (a bad event never reaches the log),
// keyed so that all events of one case stay ordered, with the schema version and correlation id
// in the headers (ARCHITECTURE.md, "The log").
import type { Log } from '../log/types.ts';
import { TOPICS, type DoleancesEvent } from './schemas.ts';
import { eventKey, parseEvent } from './validate.ts';

export function topicOf(event: DoleancesEvent): string {
  return event.type.startsWith('intake.') ? TOPICS.intake : TOPICS.caseEvents;
}

export async function publishEvents(log: Log, events: DoleancesEvent[]): Promise<void> {
  const byTopic = new Map<string, DoleancesEvent[]>();
  for (const e of events) {
    const valid = parseEvent(e);
    const t = topicOf(valid);
    byTopic.set(t, [...(byTopic.get(t) ?? []), valid]);
  }
  for (const [topic, list] of byTopic) {
    await log.publish(
      topic,
      list.map((e) => ({ key: eventKey(e), value: e, headers: { 'x-schema': e.type, 'x-correlation-id': e.correlationId } })),
    );
  }
}
