// Every event version has a JSON fixture that validates; a fixture that drifts from its schema,
// or a schema without a fixture, fails here.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMAS } from './schemas.ts';
import { parseEvent } from './validate.ts';

const dir = path.join(import.meta.dirname, 'fixtures');

describe('event schemas', () => {
  it('has a valid fixture for every versioned event', () => {
    for (const type of Object.keys(EVENT_SCHEMAS)) {
      const fixture = JSON.parse(fs.readFileSync(path.join(dir, `${type}.json`), 'utf8')) as unknown;
      expect(parseEvent(fixture).type).toBe(type);
    }
  });

  it('refuses an event that does not match its version, naming the field', () => {
    const fixture = JSON.parse(fs.readFileSync(path.join(dir, 'case.classified.v1.json'), 'utf8')) as { data: Record<string, unknown> };
    fixture.data.urgency = 'tres_urgente';
    expect(() => parseEvent(fixture)).toThrow(/case\.classified\.v1 : data\.urgency/);
    expect(() => parseEvent({ type: 'case.exploded.v9' })).toThrow(/inconnu/);
  });

  it('never carries personal data in clear in the intake fixture', () => {
    const text = fs.readFileSync(path.join(dir, 'intake.received.v1.json'), 'utf8');
    expect(text).not.toMatch(/Bellemare|Sainte-Marguerite|videotron/i);
  });
});
