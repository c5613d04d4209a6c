// `doleances dlq [list] [--json]` lists the dead letters (records that failed validation or
// processing, with their error code and reason); `doleances dlq redrive <topic:partition:offset>…`
// or `--all` publishes the original records again to their topic, once each (a ledger in the
// state directory remembers what was re-driven).
import fs from 'node:fs';
import path from 'node:path';
import { DoleancesError } from '../../core/errors.ts';
import { TOPICS } from '../../core/events/schemas.ts';
import type { DeadLetter } from '../../core/log/consumer.ts';
import { openLog } from '../../core/log/open.ts';
import { readAll } from '../../core/log/read-all.ts';
import type { CommandContext } from '../main.ts';

const idOf = (d: DeadLetter) => `${d.topic}:${d.partition}:${d.offset}`;

export async function run({ config, args, values }: CommandContext): Promise<number> {
  const [sub = 'list', ...targets] = args;
  const ledgerFile = path.join(config.paths.state, 'dlq-redriven.txt');
  const redriven = new Set(fs.existsSync(ledgerFile) ? fs.readFileSync(ledgerFile, 'utf8').split('\n').filter(Boolean) : []);
  const log = await openLog(config);
  try {
    const letters: DeadLetter[] = [];
    await readAll(log, TOPICS.deadLetter, (records) => {
      for (const r of records) letters.push(r.value as DeadLetter);
    });
    if (sub === 'list') {
      for (const d of letters) {
        const state = redriven.has(idOf(d)) ? 'relancé' : 'en attente';
        if (values.json) process.stdout.write(`${JSON.stringify({ id: idOf(d), group: d.group, errorCode: d.errorCode, reason: d.reason, failedAt: d.failedAt, state })}\n`);
        else process.stdout.write(`${idOf(d)}  ${d.group}  ${d.errorCode}  ${state}  ${d.reason}\n`);
      }
      if (!values.json && letters.length === 0) process.stdout.write('Aucune lettre morte.\n');
      return 0;
    }
    if (sub !== 'redrive') throw new DoleancesError('CLI_USAGE', 'Usage : doleances dlq [list|redrive <sujet:partition:position>…|redrive --all]');
    const chosen = letters.filter((d) => !redriven.has(idOf(d)) && (values.all || targets.includes(idOf(d))));
    if (chosen.length === 0) throw new DoleancesError('NOT_FOUND', 'Aucune lettre morte à relancer (déjà relancée ou identifiant inconnu).');
    fs.mkdirSync(path.dirname(ledgerFile), { recursive: true });
    for (const d of chosen) {
      await log.publish(d.topic, [{ key: d.key, value: d.value, headers: { ...d.headers, 'x-redriven-from': idOf(d) } }]);
      fs.appendFileSync(ledgerFile, `${idOf(d)}\n`);
      process.stdout.write(`relancé : ${idOf(d)}\n`);
    }
    return 0;
  } finally {
    await log.close();
  }
}
