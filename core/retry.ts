// The one retry helper: exponential backoff with full jitter, honouring DoleancesError.retriable
// (a non-retriable error is thrown at once; retrying it would only delay the dead-letter).
import { isRetriable } from './errors.ts';

export interface RetryOptions {
  retries: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Decide per error; defaults to DoleancesError.retriable. */
  shouldRetry?: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number) => void;
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const min = opts.minDelayMs ?? 100;
  const max = opts.maxDelayMs ?? 10_000;
  const shouldRetry = opts.shouldRetry ?? isRetriable;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= opts.retries || !shouldRetry(err)) throw err;
      opts.onRetry?.(err, attempt + 1);
      const ceiling = Math.min(max, min * 2 ** attempt);
      await sleep(Math.random() * ceiling);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
