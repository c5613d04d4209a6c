// Poison messages on Kafka, through the real worker processes: an intake that fails its schema
// and one whose sealed text classify cannot open (sealed with a key it does not have: the handler
// throws a non-retriable CRYPTO_KEY_MISSING) sit between good intakes on a single partition. Both
// land in the dead-letter topic with their reason, the partition goes on, `doleances dlq` lists
// them, and once classify has the key, `doleances dlq redrive` turns the second into its case.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { publishEvents } from '../../core/events/publish.ts';
import { waitFor } from '../helpers/app.ts';
import { newDeployment, type TestDeployment } from './helpers/cluster.ts';
import { buildIntakes, newDataKeys } from './helpers/intakes.ts';
import { healthCases, newDataDir, runCli, startWorker, type Worker } from './helpers/workers.ts';

interface Listed {
  id: string;
  group: string;
  errorCode: string;
  reason: string;
  state: string;
}

describe('dead letters on Kafka', () => {
  const workers: Worker[] = [];
  let d: TestDeployment | undefined;
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await d?.close();
  });

  it('dead-letters a bad schema and a throwing handler without stalling the partition, and re-drives', async () => {
    // One partition: the poison records sit in the very stream the good ones follow.
    d = await newDeployment(inject('kafkaBrokers'), 'dlq', { KAFKA_TOPIC_PARTITIONS: '1' });
    const { cluster, log } = d;
    const otherKey = newDataKeys('k2');
    const good = await buildIntakes(d.config, cluster.keys, 40);
    const [foreign] = await buildIntakes(d.config, otherKey, 1, 1000);
    const invalid = structuredClone(good[0]!) as unknown as { data: Record<string, unknown>; type: string };
    invalid.data.idempotencyKey = 'sans-texte';
    delete invalid.data.text;

    const [store, classify] = await Promise.all([startWorker(cluster, 'store'), startWorker(cluster, 'classify')]);
    workers.push(store, classify);
    await publishEvents(log, good.slice(0, 20));
    await log.publish('intake', [{ key: 'sans-texte', value: invalid, headers: { 'x-schema': invalid.type } }]);
    await publishEvents(log, [foreign!]);
    await publishEvents(log, good.slice(20));
    await waitFor(async () => (await healthCases(store)) >= 40, 60_000, 200);

    const cliDir = newDataDir('dol-dlq-cli-');
    const list = async (): Promise<Listed[]> => {
      const r = await runCli(cluster, ['dlq', '--json'], cliDir);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Listed);
    };
    const letters = await waitFor(async () => {
      const l = await list();
      return l.length >= 3 && l;
    }, 30_000, 500);
    const summary = letters.map((l) => `${l.group} ${l.errorCode}`).sort();
    // The invalid intake is refused by both groups reading the intake topic; the sealed one only
    // by classify (the store does not open sealed fields).
    expect(summary).toEqual(['classify CRYPTO_KEY_MISSING', 'classify EVENT_INVALID', 'store EVENT_INVALID']);
    const sealed = letters.find((l) => l.errorCode === 'CRYPTO_KEY_MISSING')!;
    expect(sealed.reason).toMatch(/k2/);
    expect(sealed.id).toBe('intake:0:21');
    expect(letters.find((l) => l.errorCode === 'EVENT_INVALID')!.reason).toMatch(/data\.text/);

    // The operator gives the missing key to every process that opens sealed fields — classify,
    // and the store, whose vault re-seals them under the contact's key — and re-drives the
    // letter: one more case.
    await classify.stop();
    await store.stop();
    const keys = { DOLEANCES_DATA_KEYS: `${cluster.keys},${otherKey}` };
    const store2 = await startWorker(cluster, 'store', store.dataDir, keys);
    workers.push(store2, await startWorker(cluster, 'classify', undefined, keys));
    const redrive = await runCli(cluster, ['dlq', 'redrive', sealed.id], cliDir);
    expect(redrive.code, redrive.stderr).toBe(0);
    expect(redrive.stdout).toContain(`relancé : ${sealed.id}`);
    await waitFor(async () => (await healthCases(store2)) >= 41, 60_000, 200);
    expect((await list()).find((l) => l.id === sealed.id)?.state).toBe('relancé');
    const again = await runCli(cluster, ['dlq', 'redrive', sealed.id], cliDir);
    expect(again.code).toBe(1); // re-driven once only
    await new Promise((r) => setTimeout(r, 500));
    expect(await healthCases(store2)).toBe(41);
  });
});
