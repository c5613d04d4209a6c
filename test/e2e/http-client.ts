// A browser-less client for the HTTP-level tests: a cookie jar, no automatic redirects, and the
// CSRF token picked up from the last page that carried one (every form has a hidden `_csrf`).
export class HttpClient {
  private cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(readonly base: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; location: string | null; res: Response }> {
    const res = await fetch(new URL(path, this.base), { redirect: 'manual', headers: { cookie: this.cookieHeader(), ...headers } });
    this.keep(res);
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, text, location: res.headers.get('location'), res };
  }

  async post(path: string, form: Record<string, string | string[]>, opts: { csrf?: string | null } = {}): Promise<{ status: number; text: string; location: string | null }> {
    const body = new URLSearchParams();
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (token) body.append('_csrf', token);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const res = await fetch(new URL(path, this.base), { method: 'POST', redirect: 'manual', body, headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } });
    this.keep(res);
    const text = await res.text();
    const t2 = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (t2) this.csrf = t2;
    return { status: res.status, text, location: res.headers.get('location') };
  }

  /** Sign in through the form (pre-login CSRF token included); resolves to the status of the POST. */
  async login(username: string, password: string): Promise<number> {
    await this.get('/connexion');
    const r = await this.post('/connexion', { username, password, suite: '/' });
    if (r.status === 303) await this.get('/files').catch(() => undefined);
    return r.status;
  }
}
