// Fault test: kill -9 of a classify worker and of the store while 5,000 intakes stream through
// two classify workers and the store, all separate processes on the real broker. After both
// restart, every intake is exactly one case: the classify group redelivers what the dead worker
// had not committed (same events, same ids), and the store starts from the offsets kept in its
// DuckDB transaction, whatever its Kafka group had committed.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { waitFor } from '../helpers/app.ts';
import { newDeployment, publishSlowly, type TestDeployment } from './helpers/cluster.ts';
import { buildIntakes } from './helpers/intakes.ts';
import { warehouseCounts } from './helpers/warehouse.ts';
import { healthCases, startWorker, type Worker } from './helpers/workers.ts';

const N = Number(process.env.KAFKA_FAULT_N ?? 5000);

describe('kill -9 of workers on Kafka', () => {
  const workers: Worker[] = [];
  let d: TestDeployment | undefined;
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await d?.close();
  });

  it(`a killed classify worker and a killed store lose and duplicate none of ${N} intakes`, async () => {
    const dep = (d = await newDeployment(inject('kafkaBrokers'), 'kill'));
    const intakes = await buildIntakes(dep.config, dep.cluster.keys, N);
    const [store, classifyA, classifyB] = await Promise.all([
      startWorker(dep.cluster, 'store'),
      startWorker(dep.cluster, 'classify'),
      startWorker(dep.cluster, 'classify'),
    ]);
    workers.push(store, classifyA, classifyB);
    await waitFor(async () => (await dep.members('classify')) === 2, 30_000, 200);

    // About 8 s of production, so the kills land mid-stream for both groups.
    const publishing = publishSlowly(dep.log, intakes, 100, 150);
    await waitFor(async () => (await dep.committed('classify', 'intake')) >= N / 5 && (await healthCases(store)) > 0, 120_000, 20);
    classifyA.child.kill('SIGKILL');
    store.child.kill('SIGKILL');
    await Promise.all([classifyA.stop(), store.stop()]);
    const before = await warehouseCounts(store.dataDir);
    const classifiedBefore = await dep.committed('classify', 'intake');
    expect(before.cases).toBeLessThan(N);
    expect(classifiedBefore).toBeLessThan(N);
    const t0 = Date.now();

    const [store2, classifyA2] = await Promise.all([startWorker(dep.cluster, 'store', store.dataDir), startWorker(dep.cluster, 'classify')]);
    workers.push(store2, classifyA2);
    await publishing;
    await waitFor(async () => (await healthCases(store2)) >= N, 240_000, 250);
    await new Promise((r) => setTimeout(r, 1_000)); // a late duplicate would land here
    expect(await store2.stop()).toBe(0);
    await Promise.all([classifyA2.stop(), classifyB.stop()]);

    const after = await warehouseCounts(store.dataDir);
    if (process.env.KAFKA_TEST_VERBOSE) console.error(`[kill] at the kill: ${classifiedBefore} intakes classified, ${before.cases} cases; all ${N} ${Date.now() - t0} ms after the restart`);
    expect(after).toEqual({ cases: N, distinctCases: N, intakesAsCases: N, duplicateKeys: 0, casesOpenedEvents: N });
    // Nothing was dead-lettered: a kill is not a poison message.
    expect([...(await dep.log.endOffsets('dead-letter')).values()].reduce((a, b) => a + b, 0)).toBe(0);
  }, 300_000);
});
