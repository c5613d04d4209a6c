// The warehouse tables: a projection of the log (DuckDB is the single writer's file; it can be
// rebuilt from the log at any time). Personal data never appears in clear, and since schema 2 not
// even sealed outside the vault: every sealed field of every event lives in `vault`, re-sealed
// under its contact's own key (crypto-shredding, Law 25; the keys themselves are kept outside the
// file, store/contact-key-store.ts, and `contact_keys` mirrors their metadata); case_events keep a
// digest of each sealed field in its place, so the hash chain survives destruction. The other
// tables hold pseudonymous contact ids and statistics only. Schema 3 adds merges of duplicates:
// `cases.merged_into` (the case a duplicate was merged into) and `deadlines.stopped_at` (a clock
// stopped unmet by that merge). An older file is set aside and rebuilt from the log
// (store/warehouse.ts), so the new columns hold every merge the log holds. Schema 4 adds
// `intake_destructions` (intake.destroyed.v1: a message without a case destroyed at the end of its
// retention, store/retention-non-case.ts); no log written before it holds such an event, so a
// schema-3 file only gains the empty table (ADDITIVE_SINCE), without a rebuild.

export const SCHEMA_VERSION = 4;
/** The oldest schema that SCHEMA_SQL brings up to date by itself (it only adds tables). */
export const ADDITIVE_SINCE = 3;

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
  contact_id VARCHAR PRIMARY KEY, person_id VARCHAR, first_seen_at TIMESTAMPTZ, last_seen_at TIMESTAMPTZ,
  destroyed_at TIMESTAMPTZ);
CREATE TABLE IF NOT EXISTS cases (
  case_id VARCHAR PRIMARY KEY, profile_id VARCHAR, channel VARCHAR, received_at TIMESTAMPTZ,
  contact_id VARCHAR, person_id VARCHAR, text_confidence DOUBLE, flags VARCHAR[],
  kind VARCHAR, admissibility VARCHAR, referral VARCHAR, nature VARCHAR, urgency VARCHAR,
  urgency_reason VARCHAR, confidence DOUBLE, model_version VARCHAR, classification_rules VARCHAR[],
  classification_terms VARCHAR[], queue VARCHAR, route_reason VARCHAR, status VARCHAR, assignee VARCHAR,
  ack_via VARCHAR, ack_due_at TIMESTAMPTZ, ack_sent_at TIMESTAMPTZ, paused_since TIMESTAMPTZ,
  finding VARCHAR, criteria VARCHAR[], escalation_step VARCHAR, walled_off VARCHAR[], reopened_at TIMESTAMPTZ,
  closed_at TIMESTAMPTZ, outcome VARCHAR, personal_data_destroyed_at TIMESTAMPTZ,
  updated_at TIMESTAMPTZ, event_count INTEGER, last_hash VARCHAR, merged_into VARCHAR);
CREATE TABLE IF NOT EXISTS case_events (
  event_id VARCHAR PRIMARY KEY, case_id VARCHAR, seq INTEGER, type VARCHAR, occurred_at TIMESTAMPTZ,
  actor VARCHAR, data JSON, prev_hash VARCHAR, hash VARCHAR);
CREATE TABLE IF NOT EXISTS case_messages (
  message_id VARCHAR PRIMARY KEY, case_id VARCHAR, event_id VARCHAR, direction VARCHAR, channel VARCHAR,
  sent_at TIMESTAMPTZ, raw_sha256 VARCHAR, actor VARCHAR);
CREATE TABLE IF NOT EXISTS attachments (
  message_id VARCHAR, case_id VARCHAR, event_id VARCHAR, idx INTEGER, sha256 VARCHAR, content_type VARCHAR,
  size BIGINT, ocr_confidence DOUBLE, pages INTEGER, PRIMARY KEY (message_id, sha256));
CREATE TABLE IF NOT EXISTS deadlines (
  case_id VARCHAR, clock VARCHAR, started_at TIMESTAMPTZ, due_at TIMESTAMPTZ, due_soon_at TIMESTAMPTZ,
  rule VARCHAR, met_at TIMESTAMPTZ, paused_since TIMESTAMPTZ, paused_units DOUBLE, extended_at TIMESTAMPTZ,
  extension_reason VARCHAR, warned_for TIMESTAMPTZ, overdue_for TIMESTAMPTZ, stopped_at TIMESTAMPTZ, PRIMARY KEY (case_id, clock));
CREATE TABLE IF NOT EXISTS case_labels (
  event_id VARCHAR PRIMARY KEY, case_id VARCHAR, labelled_at TIMESTAMPTZ, actor VARCHAR, kind VARCHAR,
  admissibility VARCHAR, referral VARCHAR, nature VARCHAR, urgency VARCHAR, urgency_reason VARCHAR, model_version VARCHAR,
  model_kind VARCHAR, model_nature VARCHAR, model_urgency VARCHAR);
CREATE TABLE IF NOT EXISTS access_log (
  event_id VARCHAR PRIMARY KEY, accessed_at TIMESTAMPTZ, actor VARCHAR, kind VARCHAR, case_id VARCHAR,
  contact_id VARCHAR, role VARCHAR, reason VARCHAR, fields VARCHAR[]);
CREATE TABLE IF NOT EXISTS contact_events (
  event_id VARCHAR PRIMARY KEY, contact_id VARCHAR, type VARCHAR, occurred_at TIMESTAMPTZ, actor VARCHAR, data JSON);
CREATE TABLE IF NOT EXISTS surveys (
  token_id VARCHAR PRIMARY KEY, case_id VARCHAR, sent_at TIMESTAMPTZ, via VARCHAR, expires_at TIMESTAMPTZ,
  answered_at TIMESTAMPTZ, score INTEGER, answer_event_id VARCHAR, comment_sealed VARCHAR);
CREATE TABLE IF NOT EXISTS vault (
  subject_id VARCHAR, ref VARCHAR, field VARCHAR, case_id VARCHAR, occurred_at TIMESTAMPTZ, sealed VARCHAR, pending BOOLEAN,
  PRIMARY KEY (subject_id, ref, field));
CREATE TABLE IF NOT EXISTS address_keys (case_id VARCHAR PRIMARY KEY, address_key VARCHAR);
CREATE TABLE IF NOT EXISTS intake_destructions (
  intake_id VARCHAR PRIMARY KEY, event_id VARCHAR, raw_sha256 VARCHAR, destroyed_at TIMESTAMPTZ, actor VARCHAR,
  reason VARCHAR, original VARCHAR);
CREATE TABLE IF NOT EXISTS contact_keys (
  subject_id VARCHAR PRIMARY KEY, generation INTEGER, created_at TIMESTAMPTZ, shredded_at TIMESTAMPTZ, shred_reason VARCHAR);
`;

/**
 * Tables replay must rebuild identically from the log alone (test/embedded/replay.test.ts), with a
 * stable order for each. None holds a byte that depends on a contact key.
 */
export const PROJECTED_TABLES: Record<string, string> = {
  intakes: 'intake_id',
  contacts: 'contact_id',
  cases: 'case_id',
  case_events: 'event_id',
  case_messages: 'message_id',
  attachments: 'message_id, sha256',
  deadlines: 'case_id, clock',
  case_labels: 'event_id',
  access_log: 'event_id',
  contact_events: 'event_id',
  intake_destructions: 'intake_id',
};

/**
 * Tables whose bytes depend on the keys: replay rebuilds them identically when it runs with the
 * keyring (`replayInto(…, { keyring })`), reusing the contact keys of data/keys/contacts (random,
 * never in the log, or destroying them would destroy nothing); without it, values wait as `pending`.
 * `address_keys` (a keyed pseudonym of each case's address, for « other cases at this address »)
 * needs the master keyring, so a replay without it leaves it empty.
 */
export const KEYED_TABLES: Record<string, string> = {
  surveys: 'token_id',
  vault: 'subject_id, ref, field',
  contact_keys: 'subject_id',
  address_keys: 'case_id',
};
