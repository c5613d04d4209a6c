// Every Twilio callback is signed: X-Twilio-Signature is the Base64 HMAC-SHA1, keyed with the
// account's auth token, of the full URL Twilio called followed by the sorted POST parameters
// (Twilio docs, "Webhooks security"). Validation uses the twilio library (validateRequest) against
// the URL as configured at Twilio: DOLEANCES_PUBLIC_URL + the path and query received. The Host
// and X-Forwarded-* headers are never trusted (a proxy may rewrite them, an attacker may forge
// them). A missing or wrong signature gets 403 before anything is read into state or published.
import type { MiddlewareHandler } from 'hono';
import twilio from 'twilio';
import type { Logger } from '../../core/logger.ts';

export type TwilioParams = Record<string, string>;
export type TwilioEnv = { Variables: { twilioParams: TwilioParams } };

/** Largest callback body accepted (real-time transcription segments are the largest, ~2 KB). */
const MAX_BODY_BYTES = 64 * 1024;

/** The URL Twilio signed: the public root, then the path and query this server received. */
export function signedUrl(publicUrl: string, requestUrl: string): string {
  const u = new URL(requestUrl);
  return `${publicUrl.replace(/\/+$/, '')}${u.pathname}${u.search}`;
}

/** Form parameters as Twilio sends them; repeated keys become arrays, as validateRequest expects. */
export function formParams(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

export function isValidTwilioSignature(authToken: string, signature: string | undefined, url: string, params: Record<string, string | string[]>): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

/** Hono middleware: POST only, signature checked, parameters handed on as `twilioParams`. */
export function twilioSignature(opts: { authToken: string; publicUrl: string; logger: Logger }): MiddlewareHandler<TwilioEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return c.text('Méthode non permise', 405, { Allow: 'POST' });
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > MAX_BODY_BYTES) return c.text('Trop volumineux', 413);
    const body = await c.req.text();
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) return c.text('Trop volumineux', 413);
    const params = formParams(body);
    const url = signedUrl(opts.publicUrl, c.req.url);
    const signature = c.req.header('x-twilio-signature');
    if (!isValidTwilioSignature(opts.authToken, signature, url, params)) {
      opts.logger.warn({ path: c.req.path, reason: signature ? 'invalid' : 'missing' }, 'twilio signature refused');
      return c.text('Signature Twilio invalide', 403);
    }
    // Twilio never repeats a parameter in these callbacks; keep the last value if it did.
    c.set('twilioParams', Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[v.length - 1]! : v])));
    await next();
  };
}
