// Fault test: the broker restarts (stop, same ports, same data) while intakes are being produced
// and consumed by separate classify and store processes. Producers retry until the broker is back
// (the idempotent producer: retries never duplicate), consumers rejoin their groups, and every
// intake becomes exactly one case. This test runs its own broker: restarting the shared one would
// disturb the other suites.
import { afterAll, describe, expect, it } from 'vitest';
import { startKafkaBroker, type KafkaBroker } from '../../scripts/kafka/broker.ts';
import { waitFor } from '../helpers/app.ts';
import { newDeployment, publishSlowly, type TestDeployment } from './helpers/cluster.ts';
import { buildIntakes } from './helpers/intakes.ts';
import { warehouseCounts } from './helpers/warehouse.ts';
import { healthCases, startWorker, type Worker } from './helpers/workers.ts';

const N = Number(process.env.KAFKA_RESTART_N ?? 2000);

describe('broker restart', () => {
  const workers: Worker[] = [];
  let broker: KafkaBroker | undefined;
  let d: TestDeployment | undefined;
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await d?.close();
    await broker?.stop();
  });

  it(`loses nothing of ${N} intakes produced and consumed through a broker restart`, async () => {
    broker = await startKafkaBroker({ partitionsDefault: 3 });
    d = await newDeployment(broker.brokers, 'restart');
    const intakes = await buildIntakes(d.config, d.cluster.keys, N);
    const [store, classify] = await Promise.all([startWorker(d.cluster, 'store'), startWorker(d.cluster, 'classify')]);
    workers.push(store, classify);

    // Slow enough that production is still going on when the broker goes down.
    const publishing = publishSlowly(d.log, intakes, 20, 25);
    await waitFor(async () => (await healthCases(store)) >= N / 10, 60_000, 20);
    const t0 = Date.now();
    await broker.restart();
    const restartMs = Date.now() - t0;
    await publishing;
    await waitFor(async () => (await healthCases(store)) >= N, 180_000, 250);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await store.stop()).toBe(0);
    expect(await classify.stop()).toBe(0);
    if (process.env.KAFKA_TEST_VERBOSE) console.error(`[restart] broker restarted in ${restartMs} ms; all ${N} cases ${Date.now() - t0} ms after it went down`);

    const counts = await warehouseCounts(store.dataDir);
    expect(counts).toEqual({ cases: N, distinctCases: N, intakesAsCases: N, duplicateKeys: 0, casesOpenedEvents: N });
    expect([...(await d.log.endOffsets('intake')).values()].reduce((a, b) => a + b, 0)).toBe(N);
    expect([...(await d.log.endOffsets('dead-letter')).values()].reduce((a, b) => a + b, 0)).toBe(0);
  }, 240_000);
});
