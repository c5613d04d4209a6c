// A local fake of the parts of Twilio's REST API (2010-04-01) Doléances uses, on 127.0.0.1 and a
// random port, answering Twilio's documented JSON: Recordings and Transcriptions lists (with
// DateCreated>, paged by PageSize/Page and next_page_uri), Calls fetch, Messages list and create
// (error 21614 for numbers declared not SMS-capable), HTTP basic auth with the account SID and
// auth token. Field names as in Twilio's API reference (sid, account_sid, call_sid, duration,
// date_created in RFC 2822, uri, status, transcription_text…). The twilio client reaches it
// through its `httpClient` option: LoopbackRequestClient rewrites https://api.twilio.com/… to it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import type Response from 'twilio/lib/http/response';

type Json = Record<string, unknown>;
const rfc2822 = (d: Date) => d.toUTCString().replace('GMT', '+0000');
const hex32 = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');

export class FakeTwilioApi {
  recordings: Json[] = [];
  transcriptions: Json[] = [];
  calls = new Map<string, Json>();
  messages: Json[] = [];
  /** Numbers for which Messages create answers 21614 ("not a valid mobile number"). */
  notSmsCapable = new Set<string>();
  requests: { method: string; path: string }[] = [];
  private server!: http.Server;
  url = '';

  constructor(
    readonly accountSid: string,
    readonly authToken: string,
  ) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  addCall(sid: string, from: string, to: string, status = 'completed'): void {
    this.calls.set(sid, { sid, account_sid: this.accountSid, from, to, status, direction: 'inbound', start_time: rfc2822(new Date()), uri: `/2010-04-01/Accounts/${this.accountSid}/Calls/${sid}.json` });
  }

  addRecording(r: { callSid: string; status?: string; duration?: number; createdAt: Date; source?: string }): string {
    const sid = `RE${hex32()}`;
    this.recordings.push({
      sid,
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      call_sid: r.callSid,
      conference_sid: null,
      date_created: rfc2822(r.createdAt),
      date_updated: rfc2822(r.createdAt),
      start_time: rfc2822(r.createdAt),
      duration: String(r.duration ?? 30),
      price: null,
      price_unit: 'USD',
      status: r.status ?? 'completed',
      channels: 1,
      source: r.source ?? 'RecordVerb',
      error_code: null,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Recordings/${sid}.json`,
    });
    return sid;
  }

  addTranscription(recordingSid: string, text: string, status = 'completed'): string {
    const sid = `TR${hex32()}`;
    this.transcriptions.push({
      sid,
      account_sid: this.accountSid,
      api_version: '2010-04-01',
      recording_sid: recordingSid,
      date_created: rfc2822(new Date()),
      date_updated: rfc2822(new Date()),
      duration: '30',
      price: null,
      price_unit: 'USD',
      status,
      transcription_text: text,
      type: 'fast',
      uri: `/2010-04-01/Accounts/${this.accountSid}/Transcriptions/${sid}.json`,
    });
    return sid;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname });
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const error = (status: number, code: number, message: string) => send(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected) return error(401, 20003, 'Authenticate');
    const base = `/2010-04-01/Accounts/${this.accountSid}`;
    const p = url.pathname;
    if (req.method === 'GET' && p === `${base}/Recordings.json`) {
      const after = url.searchParams.get('DateCreated>');
      const list = this.recordings.filter((r) => !after || new Date(String(r.date_created)) >= new Date(after));
      return send(200, this.page(url, 'recordings', list));
    }
    if (req.method === 'GET' && p === `${base}/Transcriptions.json`) return send(200, this.page(url, 'transcriptions', this.transcriptions));
    const call = new RegExp(`^${base}/Calls/(CA[0-9a-f]{32})\\.json$`).exec(p);
    if (req.method === 'GET' && call) {
      const c = this.calls.get(call[1]!);
      return c ? send(200, c) : error(404, 20404, `The requested resource ${p} was not found`);
    }
    if (p === `${base}/Messages.json` && req.method === 'GET') {
      const to = url.searchParams.get('To');
      const from = url.searchParams.get('From');
      const after = url.searchParams.get('DateSent>');
      const list = this.messages.filter((m) => (!to || m.to === to) && (!from || m.from === from) && (!after || new Date(String(m.date_sent)) >= new Date(after)));
      return send(200, this.page(url, 'messages', list));
    }
    if (p === `${base}/Messages.json` && req.method === 'POST') {
      const form = new URLSearchParams(body);
      const to = form.get('To') ?? '';
      if (!/^\+\d{8,15}$/.test(to)) return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      if (this.notSmsCapable.has(to)) return error(400, 21614, `'To' number ${to} is not a valid mobile number`);
      const sid = `SM${hex32()}`;
      const now = rfc2822(new Date());
      const m = { sid, account_sid: this.accountSid, to, from: form.get('From'), body: form.get('Body'), status: 'queued', direction: 'outbound-api', num_segments: '1', date_created: now, date_updated: now, date_sent: now, error_code: null, error_message: null, api_version: '2010-04-01', uri: `${base}/Messages/${sid}.json` };
      this.messages.push(m);
      return send(201, m);
    }
    return error(404, 20404, `The requested resource ${p} was not found`);
  }

  /** Twilio's list envelope: the items under their resource name, page, page_size, next_page_uri… */
  private page(url: URL, key: string, all: Json[]): Json {
    const size = Math.max(1, Number(url.searchParams.get('PageSize') ?? 50));
    const page = Number(url.searchParams.get('Page') ?? 0);
    const items = all.slice(page * size, (page + 1) * size);
    const uriFor = (n: number) => {
      const q = new URLSearchParams(url.searchParams);
      q.set('PageSize', String(size));
      q.set('Page', String(n));
      q.set('PageToken', `PA${n}`);
      return `${url.pathname}?${q.toString()}`;
    };
    return {
      [key]: items,
      page,
      page_size: size,
      start: page * size,
      end: page * size + Math.max(0, items.length - 1),
      uri: uriFor(page),
      first_page_uri: uriFor(0),
      previous_page_uri: page > 0 ? uriFor(page - 1) : null,
      next_page_uri: (page + 1) * size < all.length ? uriFor(page + 1) : null,
    };
  }
}

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0];

/** The twilio client's HTTP layer, pointed at the fake instead of https://api.twilio.com. */
export class LoopbackRequestClient extends twilio.RequestClient {
  constructor(private readonly target: () => string) {
    super();
  }

  override async request<T>(opts: RequestOptions): Promise<Response<T>> {
    const u = new URL(opts.uri);
    const target = new URL(`${u.pathname}${u.search}`, this.target());
    for (const [k, v] of Object.entries((opts.params ?? {}) as Record<string, unknown>)) {
      if (v !== undefined) target.searchParams.append(k, String(v));
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (opts.username) headers.Authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')}`;
    let body: string | undefined;
    if (opts.data) {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.data as Record<string, unknown>)) {
        for (const item of Array.isArray(v) ? v : [v]) if (item !== undefined) form.append(k, String(item));
      }
      body = form.toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(target, { method: opts.method.toUpperCase(), headers, body });
    return { statusCode: res.status, body: (await res.text()) as T, headers: Object.fromEntries(res.headers) } as Response<T>;
  }
}
