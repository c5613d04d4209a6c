// Signature validation against twilio-node's own published test vectors: twilio/twilio-node,
// spec/validation.spec.js ("Request validation": token, defaultParams, requestUrl and the expected
// signatures below are copied from there). Then our middleware on a hono app, with requests
// signed by the twilio library (getExpectedTwilioSignature).
import { Hono } from 'hono';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import { formParams, isValidTwilioSignature, signedUrl, twilioSignature, type TwilioEnv } from './signature.ts';

const token = '12345';
const defaultParams = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
const defaultSignature = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
const requestUrl = 'https://mycompany.com/myapp.php?foo=1&bar=2';

describe('twilio-node test vectors', () => {
  it('accepts the correct signature, refuses a wrong or missing one', () => {
    expect(isValidTwilioSignature(token, defaultSignature, requestUrl, defaultParams)).toBe(true);
    expect(isValidTwilioSignature(token, 'WRONG_SIGNATURE', requestUrl, defaultParams)).toBe(false);
    expect(isValidTwilioSignature(token, undefined, requestUrl, defaultParams)).toBe(false);
    expect(isValidTwilioSignature(token, defaultSignature, requestUrl, { ...defaultParams, Digits: '1235' })).toBe(false);
  });

  it('handles ports as Twilio does (https port stripped; http with port; standard ports added)', () => {
    expect(isValidTwilioSignature(token, defaultSignature, requestUrl.replace('.com', '.com:1234'), defaultParams)).toBe(true);
    expect(isValidTwilioSignature(token, 'Zmvh+3yNM1Phv2jhDCwEM3q5ebU=', 'http://mycompany.com:1234/myapp.php?foo=1&bar=2', defaultParams)).toBe(true);
    expect(isValidTwilioSignature(token, 'kvajT1Ptam85bY51eRf/AJRuM3w=', requestUrl, defaultParams)).toBe(true);
    expect(isValidTwilioSignature(token, '0ZXoZLH/DfblKGATFgpif+LLRf4=', requestUrl.replace('https', 'http'), defaultParams)).toBe(true);
    expect(isValidTwilioSignature(token, 'CukzLTc1tT5dXEDIHm/tKBanW10=', 'https://user:pass@mycompany.com/myapp.php?foo=1&bar=2', defaultParams)).toBe(true);
    // Not used: that file's "special characters" vector (dsq4Ehbj…) fails with twilio 5.13.1 itself,
    // whose URL handling now escapes the apostrophe before hashing.
  });

  it('reads repeated form keys as arrays, which the array-parameter vectors need', () => {
    expect(isValidTwilioSignature(token, 'IK+Dwps556ElfBT0I3Rgjkr1wJU=', requestUrl, formParams('Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234'))).toBe(true);
    const params = formParams('MessagingBinding.Address=%2B1325xxxxxxx&MessagingBinding.Address=%2B1415xxxxxxx');
    expect(params).toEqual({ 'MessagingBinding.Address': ['+1325xxxxxxx', '+1415xxxxxxx'] });
    expect(isValidTwilioSignature(token, '83O6e2vORAoJHUNzJjDWN1jz+BA=', requestUrl, params)).toBe(true);
  });
});

describe('twilioSignature middleware', () => {
  const publicUrl = 'https://doleances.example.ca/';
  const app = new Hono<TwilioEnv>();
  app.use('/twilio/*', twilioSignature({ authToken: token, publicUrl, logger: createLogger('silent') }));
  app.post('/twilio/voice', (c) => c.json(c.get('twilioParams')));
  const body = new URLSearchParams(defaultParams).toString();
  const post = (url: string, headers: Record<string, string>, b = body) =>
    app.request(url, { method: 'POST', body: b, headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } });
  const sig = (url: string) => twilio.getExpectedTwilioSignature(token, url, defaultParams);

  it('checks the signature against the public URL, whatever Host the proxy passes on', async () => {
    const signed = sig('https://doleances.example.ca/twilio/voice?lang=fr');
    const ok = await post('http://127.0.0.1:8080/twilio/voice?lang=fr', { 'X-Twilio-Signature': signed, Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ CallSid: 'CA1234567890ABCDE' });
    expect(signedUrl(publicUrl, 'http://127.0.0.1:8080/twilio/voice?lang=fr')).toBe('https://doleances.example.ca/twilio/voice?lang=fr');
  });

  it('answers 403 to a tampered body, a signature for another URL or none', async () => {
    const signed = sig('https://doleances.example.ca/twilio/voice');
    expect((await post('http://x/twilio/voice', { 'X-Twilio-Signature': signed }, body.replace('1234', '9999'))).status).toBe(403);
    expect((await post('http://x/twilio/voice?lang=en', { 'X-Twilio-Signature': signed })).status).toBe(403);
    expect((await post('http://x/twilio/voice', { 'X-Twilio-Signature': sig('https://evil.example/twilio/voice') })).status).toBe(403);
    expect((await post('http://x/twilio/voice', {})).status).toBe(403);
    expect((await app.request('http://x/twilio/voice')).status).toBe(405);
  });
});
