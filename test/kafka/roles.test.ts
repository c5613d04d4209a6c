// Scale-out wiring: `start --role ingest` (the drop folder) in one process, `start --role
// classify,store` (a comma list; the store serves the web pages) in another, on the real broker.
// Letters dropped in the ingest process's folder become cases served by the other process.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { waitFor } from '../helpers/app.ts';
import { syntheticLetter } from '../helpers/generate.ts';
import { newDeployment, type TestDeployment } from './helpers/cluster.ts';
import { healthCases, newDataDir, startWorker, type Worker } from './helpers/workers.ts';

describe('roles in separate processes', () => {
  const workers: Worker[] = [];
  let d: TestDeployment | undefined;
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await d?.close();
  });

  it('an ingest process and a classify,store process make cases of dropped letters', async () => {
    const dep = (d = await newDeployment(inject('kafkaBrokers'), 'roles'));
    const ingestDir = newDataDir('dol-roles-ingest-');
    const inbox = path.join(ingestDir, 'inbox');
    fs.mkdirSync(inbox, { recursive: true });
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(inbox, syntheticLetter(i).name), syntheticLetter(i).text);
    const [both, ingest] = await Promise.all([
      startWorker(dep.cluster, 'classify,store'),
      startWorker(dep.cluster, 'ingest', ingestDir, { DOLEANCES_DROP_POLL_MS: '100' }),
    ]);
    workers.push(both, ingest);
    expect(both.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(ingest.url).toBeNull();
    await waitFor(async () => (await healthCases(both)) >= 20, 60_000, 200);
    expect(fs.readdirSync(inbox)).toEqual([]);
    expect(fs.existsSync(path.join(ingestDir, 'warehouse.duckdb'))).toBe(false); // ingest holds no warehouse
    const page = await (await fetch(both.url!)).text();
    expect(page.length).toBeGreaterThan(0);
    expect(await ingest.stop()).toBe(0);
    expect(await both.stop()).toBe(0);
  });
});
