// Validation at both ends of the log: publishers and consumers call these, so an event that does
// not match its versioned schema is refused at publish and dead-lettered at consume.
import { DoleancesError } from '../errors.ts';
import { EVENT_SCHEMAS, type DoleancesEvent, type EventType } from './schemas.ts';

export function parseEvent(value: unknown): DoleancesEvent {
  const type = (value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(type in EVENT_SCHEMAS)) {
    throw new DoleancesError('EVENT_UNKNOWN_TYPE', `Type d'événement inconnu : ${String(type)}`);
  }
  const result = EVENT_SCHEMAS[type as EventType].safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new DoleancesError('EVENT_INVALID', `${type} : ${issue.path.join('.') || '(racine)'} : ${issue.message}`, {
      details: { type, path: issue.path.join('.') },
    });
  }
  return result.data as DoleancesEvent;
}

/**
 * The partition key: the source id for intake (a destruction shares its intake's), the case id for
 * case events (one case's file stays ordered), the contact id for contact events (merges, splits,
 * accesses, destruction of one person).
 */
export function eventKey(event: DoleancesEvent): string {
  if (event.type === 'intake.received.v1' || event.type === 'intake.disposed.v1' || event.type === 'intake.destroyed.v1') return event.data.idempotencyKey;
  if (event.type.startsWith('contact.')) return (event.data as { contactId: string }).contactId;
  return (event.data as { caseId: string }).caseId;
}
