// Fault test: rebalances of the classify group mid-stream. Two classify processes share the
// intake partitions; one stops while intakes stream in (its partitions move to the other), later a
// third joins (they are split again), both while production is still going on. Nothing is lost
// and nothing is repeated, neither in the warehouse nor on the case-events topic (the leaving
// member commits what it handled before it leaves; members commit before they rejoin). Then
// `doleances replay` rebuilds the warehouse from Kafka, with the same counts.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readAll } from '../../core/log/read-all.ts';
import { waitFor } from '../helpers/app.ts';
import { newDeployment, publishSlowly, type TestDeployment } from './helpers/cluster.ts';
import { buildIntakes } from './helpers/intakes.ts';
import { warehouseCounts } from './helpers/warehouse.ts';
import { healthCases, runCli, startWorker, type Worker } from './helpers/workers.ts';

const N = Number(process.env.KAFKA_REBALANCE_N ?? 2000);
const total = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('classify group rebalances', () => {
  const workers: Worker[] = [];
  let d: TestDeployment | undefined;
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await d?.close();
  });

  it(`loses and repeats none of ${N} intakes when a classify worker leaves and another joins`, async () => {
    const dep = (d = await newDeployment(inject('kafkaBrokers'), 'rebalance'));
    const intakes = await buildIntakes(dep.config, dep.cluster.keys, N);
    const [store, a, b] = await Promise.all([startWorker(dep.cluster, 'store'), startWorker(dep.cluster, 'classify'), startWorker(dep.cluster, 'classify')]);
    workers.push(store, a, b);
    await waitFor(async () => (await dep.members('classify')) === 2, 30_000, 200);

    // About 8 s of production: both rebalances happen while intakes still arrive. The last quarter
    // is held back until the third worker has joined, so that on a loaded machine the join cannot
    // come after the end of production (it once did: the assertion below saw all N published).
    const lastQuarter = intakes.slice(Math.floor((N * 3) / 4));
    const publishing = publishSlowly(dep.log, intakes.slice(0, Math.floor((N * 3) / 4)), 25, 100);
    await waitFor(async () => (await dep.committed('classify', 'intake')) >= N / 4, 120_000, 20);
    expect(await a.stop()).toBe(0); // leaves the group mid-stream
    await waitFor(async () => (await dep.members('classify')) === 1, 30_000, 100);
    await waitFor(async () => (await dep.committed('classify', 'intake')) >= N / 2, 120_000, 20);
    workers.push(await startWorker(dep.cluster, 'classify')); // joins mid-stream
    await waitFor(async () => (await dep.members('classify')) === 2, 30_000, 100);
    expect(total(await dep.log.endOffsets('intake'))).toBeLessThan(N); // still producing
    await publishing;
    await publishSlowly(dep.log, lastQuarter, 25, 100);
    await waitFor(async () => (await healthCases(store)) >= N, 180_000, 250);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await store.stop()).toBe(0);
    for (const w of workers) await w.stop();

    const counts = await warehouseCounts(store.dataDir);
    expect(counts).toEqual({ cases: N, distinctCases: N, intakesAsCases: N, duplicateKeys: 0, casesOpenedEvents: N });
    let opened = 0;
    await readAll(dep.log, 'case-events', (rs) => void (opened += rs.filter((r) => r.headers['x-schema'] === 'case.opened.v1').length));
    expect(opened).toBe(N); // no intake was classified twice

    // The log is the system of record: the warehouse rebuilt from Kafka says the same.
    const replay = await runCli(dep.cluster, ['replay'], store.dataDir);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toMatch(/Entrepôt reconstruit/);
    expect(await warehouseCounts(store.dataDir)).toEqual(counts);
  }, 240_000);
});
