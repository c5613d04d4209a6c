// Login throttling: failed attempts counted per username and per client address in a sliding
// window; past the limit, the login answers 429 without even checking the password. In memory:
// one web process serves the staff app.

export class LoginLimiter {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly perUser = 5,
    private readonly perAddress = 20,
    private readonly windowMs = 15 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed. */
  retryAfter(username: string, address: string, now = Date.now()): number {
    const u = this.recent(`u:${username}`, now);
    const a = this.recent(`a:${address}`, now);
    const blocked = [u.length >= this.perUser ? u : null, a.length >= this.perAddress ? a : null].filter((l): l is number[] => l !== null);
    if (blocked.length === 0) return 0;
    const oldest = Math.max(...blocked.map((l) => l[0]!));
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }

  fail(username: string, address: string, now = Date.now()): void {
    for (const key of [`u:${username}`, `a:${address}`]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeed(username: string): void {
    this.failures.delete(`u:${username}`);
  }
}
