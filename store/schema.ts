// The warehouse tables: a projection of the log (DuckDB is the single writer's file; it can be
// rebuilt from the log at any time). Personal data only ever appears sealed (…_sealed columns);
// contacts are known by a pseudonymous id.

export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS consumer_offsets (
  consumer VARCHAR, topic VARCHAR, "partition" INTEGER, next_offset BIGINT,
  PRIMARY KEY (consumer, topic, "partition"));
CREATE TABLE IF NOT EXISTS intakes (
  intake_id VARCHAR PRIMARY KEY, idempotency_key VARCHAR, channel VARCHAR, received_at TIMESTAMPTZ,
  disposition VARCHAR, reason VARCHAR, error_code VARCHAR, case_id VARCHAR, raw_sha256 VARCHAR,
  quarantine_path VARCHAR, connector VARCHAR);
CREATE TABLE IF NOT EXISTS contacts (
  contact_id VARCHAR PRIMARY KEY, name_sealed VARCHAR, email_sealed VARCHAR, phone_sealed VARCHAR,
  fax_sealed VARCHAR, address_sealed VARCHAR, first_seen_at TIMESTAMPTZ, last_seen_at TIMESTAMPTZ);
CREATE TABLE IF NOT EXISTS cases (
  case_id VARCHAR PRIMARY KEY, profile_id VARCHAR, channel VARCHAR, received_at TIMESTAMPTZ,
  contact_id VARCHAR, subject_sealed VARCHAR, text_confidence DOUBLE, flags VARCHAR[],
  kind VARCHAR, admissibility VARCHAR, referral VARCHAR, nature VARCHAR, urgency VARCHAR,
  urgency_reason VARCHAR, confidence DOUBLE, model_version VARCHAR, classification_rules VARCHAR[],
  classification_terms VARCHAR[], queue VARCHAR, route_reason VARCHAR, status VARCHAR,
  ack_via VARCHAR, ack_due_at TIMESTAMPTZ, ack_sent_at TIMESTAMPTZ, closed_at TIMESTAMPTZ,
  outcome VARCHAR, updated_at TIMESTAMPTZ, event_count INTEGER, last_hash VARCHAR);
CREATE TABLE IF NOT EXISTS case_events (
  event_id VARCHAR PRIMARY KEY, case_id VARCHAR, seq INTEGER, type VARCHAR, occurred_at TIMESTAMPTZ,
  actor VARCHAR, data JSON, prev_hash VARCHAR, hash VARCHAR);
CREATE TABLE IF NOT EXISTS case_messages (
  message_id VARCHAR PRIMARY KEY, case_id VARCHAR, direction VARCHAR, channel VARCHAR, sent_at TIMESTAMPTZ,
  subject_sealed VARCHAR, text_sealed VARCHAR, raw_sha256 VARCHAR);
CREATE TABLE IF NOT EXISTS attachments (
  message_id VARCHAR, case_id VARCHAR, sha256 VARCHAR, name_sealed VARCHAR, content_type VARCHAR,
  size BIGINT, text_sealed VARCHAR, ocr_confidence DOUBLE, pages INTEGER, PRIMARY KEY (message_id, sha256));
CREATE TABLE IF NOT EXISTS deadlines (
  case_id VARCHAR, clock VARCHAR, due_at TIMESTAMPTZ, rule VARCHAR, met_at TIMESTAMPTZ,
  PRIMARY KEY (case_id, clock));
`;

/** Tables compared by the replay test and rebuilt by `replay`, with a stable order for each. */
export const PROJECTED_TABLES: Record<string, string> = {
  intakes: 'intake_id',
  contacts: 'contact_id',
  cases: 'case_id',
  case_events: 'event_id',
  case_messages: 'message_id',
  attachments: 'message_id, sha256',
  deadlines: 'case_id, clock',
};
