// The log contract: one suite every Log implementation must pass (STYLE.md: hono's
// runTest({ newRouter })). The embedded log runs it in core/log/embedded.test.ts, the Kafka
// adapter against a real broker. Assertions are partition-agnostic: order is checked per key.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Log, LogRecord, Subscription } from './types.ts';

export interface ContractHarness {
  /** A fresh log (new topics or a new directory), and a way to reopen the same one. */
  newLog(): Promise<{ log: Log; reopen: () => Promise<Log> }>;
  /** Topic names must be created fresh per test where the implementation needs it. */
  prepareTopics?(log: Log, topics: string[]): Promise<void>;
}

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timeout waiting for condition');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function runLogContract(name: string, h: ContractHarness): void {
  describe(`log contract: ${name}`, () => {
    const open: Log[] = [];
    const subs: Subscription[] = [];
    afterEach(async () => {
      for (const s of subs.splice(0)) await s.stop();
      for (const l of open.splice(0)) await l.close();
    });
    const fresh = async (topics: string[]) => {
      const r = await h.newLog();
      open.push(r.log);
      await h.prepareTopics?.(r.log, topics);
      return r;
    };
    const topicName = () => `t-${randomUUID().slice(0, 8)}`;

    it('delivers every published record to a group, in order per key, with headers', async () => {
      const topic = topicName();
      const { log } = await fresh([topic]);
      const sent = Array.from({ length: 60 }, (_, i) => ({ key: `k${i % 4}`, value: { i }, headers: { 'x-n': String(i) } }));
      const offsets = await log.publish(topic, sent);
      expect(offsets).toHaveLength(60);
      const got: LogRecord[] = [];
      subs.push(await log.subscribe({ group: 'g1', topics: [topic], fromBeginning: true, onBatch: async (b) => void got.push(...b) }));
      await until(() => got.length >= 60);
      expect(got).toHaveLength(60);
      for (const k of ['k0', 'k1', 'k2', 'k3']) {
        const seq = got.filter((r) => r.key === k).map((r) => (r.value as { i: number }).i);
        expect(seq).toEqual([...seq].sort((a, b) => a - b));
        expect(seq).toHaveLength(15);
      }
      expect(got.find((r) => (r.value as { i: number }).i === 7)?.headers['x-n']).toBe('7');
    });

    it('resumes a group after its last committed batch, with nothing lost or repeated', async () => {
      const topic = topicName();
      const { log, reopen } = await fresh([topic]);
      await log.publish(topic, Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 3}`, value: { i } })));
      const seen: number[] = [];
      const s1 = await log.subscribe({ group: 'g', topics: [topic], fromBeginning: true, onBatch: async (b) => void seen.push(...b.map((r) => (r.value as { i: number }).i)) });
      await until(() => seen.length >= 30);
      await s1.stop();
      await log.close();
      open.splice(open.indexOf(log), 1);
      const log2 = await reopen();
      open.push(log2);
      await log2.publish(topic, Array.from({ length: 10 }, (_, i) => ({ key: `k${i % 3}`, value: { i: 30 + i } })));
      subs.push(await log2.subscribe({ group: 'g', topics: [topic], fromBeginning: true, onBatch: async (b) => void seen.push(...b.map((r) => (r.value as { i: number }).i)) }));
      await until(() => seen.length >= 40);
      await new Promise((r) => setTimeout(r, 300));
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    });

    it('gives every group its own copy of the stream', async () => {
      const topic = topicName();
      const { log } = await fresh([topic]);
      await log.publish(topic, Array.from({ length: 20 }, (_, i) => ({ key: String(i), value: i })));
      const a: unknown[] = [];
      const b: unknown[] = [];
      subs.push(await log.subscribe({ group: 'ga', topics: [topic], fromBeginning: true, onBatch: async (r) => void a.push(...r) }));
      subs.push(await log.subscribe({ group: 'gb', topics: [topic], fromBeginning: true, onBatch: async (r) => void b.push(...r) }));
      await until(() => a.length >= 20 && b.length >= 20);
      expect(a).toHaveLength(20);
      expect(b).toHaveLength(20);
    });

    it('redelivers a batch whose handler failed, and commits nothing for it', async () => {
      const topic = topicName();
      const { log } = await fresh([topic]);
      await log.publish(topic, [{ key: 'a', value: 1 }]);
      let calls = 0;
      const got: unknown[] = [];
      subs.push(
        await log.subscribe({
          group: 'g',
          topics: [topic],
          fromBeginning: true,
          onBatch: async (b) => {
            calls++;
            if (calls < 3) throw new Error('sink unavailable');
            got.push(...b.map((r) => r.value));
          },
        }),
      );
      await until(() => got.length >= 1);
      expect(calls).toBeGreaterThanOrEqual(3);
      expect(got).toEqual([1]);
    });

    it('starts where the consumer says when it keeps its own offsets (seek)', async () => {
      const topic = topicName();
      const { log } = await fresh([topic]);
      await log.publish(topic, Array.from({ length: 10 }, (_, i) => ({ key: 'same', value: i })));
      const ends = await log.endOffsets(topic);
      const total = [...ends.values()].reduce((s, n) => s + n, 0);
      expect(total).toBe(10);
      const got: number[] = [];
      subs.push(
        await log.subscribe({
          group: 'g-seek',
          topics: [topic],
          seek: async (_t, p) => (ends.get(p)! > 0 ? ends.get(p)! - 4 : undefined),
          onBatch: async (b) => void got.push(...b.map((r) => r.value as number)),
        }),
      );
      await until(() => got.length >= 4);
      await new Promise((r) => setTimeout(r, 200));
      expect(got).toEqual([6, 7, 8, 9]);
    });

    it('assigns distinct offsets to concurrent publishers and loses none', async () => {
      const topic = topicName();
      const { log } = await fresh([topic]);
      const results = await Promise.all(
        Array.from({ length: 25 }, (_, p) => log.publish(topic, Array.from({ length: 8 }, (_, i) => ({ key: `p${p}`, value: { p, i } })))),
      );
      const ids = results.flat().map((r) => `${r.partition}:${r.offset}`);
      expect(new Set(ids).size).toBe(200);
      const got: LogRecord[] = [];
      subs.push(await log.subscribe({ group: 'g', topics: [topic], fromBeginning: true, onBatch: async (b) => void got.push(...b) }));
      await until(() => got.length >= 200);
      const byKey = new Map<string, number[]>();
      for (const r of got) {
        const v = r.value as { p: number; i: number };
        byKey.set(r.key, [...(byKey.get(r.key) ?? []), v.i]);
      }
      for (const seq of byKey.values()) expect(seq).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    });
  });
}
