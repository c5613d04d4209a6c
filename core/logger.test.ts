import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

describe('the logger', () => {
  it('never writes a secret of a logged Config nor a citizen field', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
    const config = loadConfig({
      DOLEANCES_DATA_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      SMTP_URL: 'smtp://agent:motdepasse-smtp@127.0.0.1:2525',
      TWILIO_AUTH_TOKEN: 'jeton-twilio-secret',
      TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
    });
    expect([config.smtpUrl, config.twilio?.authToken, config.dataKeys.length]).toEqual(['smtp://agent:motdepasse-smtp@127.0.0.1:2525', 'jeton-twilio-secret', 1]);
    const log = createLogger('info', sink as never);
    log.info({ config, intake: { from: 'ginette@example.ca', text: 'Ça sent le gaz' } }, 'démarrage');
    await new Promise((r) => setImmediate(r));
    const out = lines.join('');
    expect(out).toContain('démarrage');
    for (const secret of ['motdepasse-smtp', 'jeton-twilio-secret', Buffer.alloc(32, 7).toString('base64'), '7,7,7,7', 'ginette@example.ca', 'sent le gaz']) expect(out).not.toContain(secret);
  });
});
