// Server-Sent Events (/evenements): tells an open page that cases it may show have changed, with
// no personal data (queue ids, case references the viewer may open, how many are new). Board
// members get a bare "aggregates changed" signal. A stream lasts at most 30 minutes, then the
// browser reconnects and the session is checked again.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { can } from '../auth/roles.ts';
import type { AppEnv } from '../http/env.ts';
import type { Change } from '../live/change-feed.ts';
import { changesFor } from '../live/changes-for.ts';
import type { StaffServices } from '../services.ts';

const MAX_STREAM_MS = 30 * 60_000;
const HEARTBEAT_MS = 20_000;

export function liveRoutes(svc: StaffServices): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/evenements', (c) => {
    const v = c.get('viewer');
    if (!v) return c.json({ error: 'AUTH_REQUIRED' }, 401);
    const allCases = can(v.user, 'cases.all-queues');
    const ownCases = can(v.user, 'cases.own-queues');
    const aggregates = can(v.user, 'reports.view');
    return streamSSE(c, async (stream) => {
      let pending: Change[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = svc.feed.subscribe((changes) => {
        pending.push(...changes);
        wake?.();
      });
      const started = Date.now();
      stream.onAbort(() => wake?.());
      try {
        await stream.writeSSE({ event: 'ready', data: '{}', retry: 3000 });
        while (!stream.aborted && Date.now() - started < MAX_STREAM_MS) {
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((r) => {
            wake = r;
            timer = setTimeout(r, HEARTBEAT_MS);
          });
          clearTimeout(timer);
          wake = undefined;
          if (stream.aborted) break;
          const batch = pending;
          pending = [];
          const msg = changesFor(batch, { allCases, ownCases, queues: v.queues, aggregates });
          if (msg) await stream.writeSSE({ event: 'changes', data: JSON.stringify(msg) });
          else await stream.write(': keep-alive\n\n');
        }
      } finally {
        unsubscribe();
      }
    });
  });
  return app;
}
