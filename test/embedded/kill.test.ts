// Fault tests in child processes: kill -9 while publishing to the embedded log (everything that
// was acknowledged survives, nothing twice), and kill -9 of the whole pipeline mid-batch (after a
// restart every dropped letter is exactly one case).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { EmbeddedLog } from '../../core/log/embedded.ts';
import type { LogRecord } from '../../core/log/types.ts';
import { openWarehouse } from '../../store/warehouse.ts';
import { tempDataDir, testConfig, waitFor } from '../helpers/app.ts';
import { syntheticLetter } from '../helpers/generate.ts';

const BIN = path.join(REPO_ROOT, 'bin', 'doleances');

describe('kill -9', () => {
  it('the embedded log keeps every acknowledged record, once', async () => {
    const dir = tempDataDir('dol-kill-log-');
    const script = `
      import { EmbeddedLog } from ${JSON.stringify(path.join(REPO_ROOT, 'core/log/embedded.ts'))};
      const log = await EmbeddedLog.open(${JSON.stringify(dir)});
      for (let i = 0; ; i++) {
        const batch = Array.from({ length: 1 + (i % 7) }, (_, j) => ({ key: 'k' + (i % 5), value: { i, j, pad: 'x'.repeat(200) } }));
        const offs = await log.publish('t', batch);
        process.stdout.write('ack ' + offs.map((o) => o.offset).join(',') + '\\n');
      }`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: number[] = [];
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) if (l.startsWith('ack ')) acked.push(...l.slice(4).split(',').map(Number));
    });
    await waitFor(async () => acked.length > 2000, 60_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const log = await EmbeddedLog.open(dir);
    const got: LogRecord[] = [];
    const sub = await log.subscribe({ group: 'check', topics: ['t'], fromBeginning: true, onBatch: async (b) => void got.push(...b) });
    const end = (await log.endOffsets('t')).get(0)!;
    await waitFor(async () => got.length >= end);
    await sub.stop();
    await log.close();
    expect(end).toBeGreaterThanOrEqual(acked.length);
    expect(got.map((r) => r.offset)).toEqual(Array.from({ length: end }, (_, i) => i));
    const seen = new Set(got.map((r) => JSON.stringify(r.value)));
    expect(seen.size).toBe(got.length);
    for (const o of acked) expect(got[o]).toBeDefined();
  });

  it('the pipeline killed mid-batch and restarted makes exactly one case per letter', async () => {
    const dataDir = tempDataDir('dol-kill-app-');
    const config = testConfig(dataDir);
    const N = 300;
    fs.mkdirSync(config.paths.inbox, { recursive: true });
    for (let i = 0; i < N; i++) {
      const l = syntheticLetter(i);
      fs.writeFileSync(path.join(config.paths.inbox, l.name), l.text);
    }
    const env = { ...process.env, DOLEANCES_DATA_DIR: dataDir, PORT: '0', DOLEANCES_SEED_EXAMPLES: 'false', DOLEANCES_DROP_POLL_MS: '100', LOG_LEVEL: 'warn' };
    const startOnce = () => spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'inherit'] });

    const first = startOnce();
    // Kill once part of the batch is handled: some files deleted, others still waiting.
    await waitFor(async () => {
      const left = fs.readdirSync(config.paths.inbox).length;
      return left < N - 40 && left > 0;
    }, 60_000, 20);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const second = startOnce();
    let out = '';
    second.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const url = await waitFor(async () => /(http:\/\/\S+\/)/.exec(out)?.[1], 30_000);
      // Wait until every letter is a case (or fail): the health endpoint counts them.
      await waitFor(async () => ((await (await fetch(`${url}healthz`)).json()) as { cases: number }).cases >= N, 120_000, 200);
      await new Promise((r) => setTimeout(r, 500)); // a late duplicate would show up here
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    }
    const db = await openWarehouse(config.paths.warehouse, { readOnly: true });
    try {
      const [row] = await db.all<{ cases: string; intakes: string; dupes: string }>(
        `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM intakes WHERE disposition = 'case') AS intakes,
                (SELECT count(*) FROM (SELECT idempotency_key FROM intakes GROUP BY 1 HAVING count(*) > 1)) AS dupes`,
      );
      expect(Number(row!.cases)).toBe(N);
      expect(Number(row!.intakes)).toBe(N);
      expect(Number(row!.dupes)).toBe(0);
    } finally {
      db.close();
    }
  });
});
