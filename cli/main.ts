// The CLI: parses the verb and its options, loads the config once, and dispatches to one module
// per command. Errors print their stable code and a message on stderr, with exit code 1 (2 for usage).
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../core/config.ts';
import { DoleancesError, errorMessage } from '../core/errors.ts';
import { HELP } from './help.ts';

export interface CommandContext {
  config: Config;
  args: string[];
  values: Record<string, string | boolean | undefined>;
}

const COMMANDS: Record<string, () => Promise<{ run(ctx: CommandContext): Promise<number> }>> = {
  start: () => import('./commands/start.ts'),
  'ingest-file': () => import('./commands/ingest-file.ts'),
  classify: () => import('./commands/classify.ts'),
  report: () => import('./commands/report.ts'),
  replay: () => import('./commands/replay.ts'),
  quarantine: () => import('./commands/quarantine.ts'),
  verify: () => import('./commands/verify.ts'),
  eval: () => import('./commands/eval.ts'),
  retrain: () => import('./commands/retrain.ts'),
  dlq: () => import('./commands/dlq.ts'),
  case: () => import('./commands/case.ts'),
  contacts: () => import('./commands/contacts.ts'),
  'export-contact': () => import('./commands/export-contact.ts'),
  generate: () => import('./commands/generate.ts'),
};

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      help: { type: 'boolean', short: 'h' },
      lang: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      profile: { type: 'string' },
      month: { type: 'string' },
      out: { type: 'string' },
      role: { type: 'string' },
      all: { type: 'boolean' },
      train: { type: 'boolean' },
      'cross-validate': { type: 'boolean' },
    },
  });
  const [verb, ...args] = positionals;
  const lang = values.lang === 'en' || (values.lang === undefined && process.env.DOLEANCES_LANG === 'en') ? 'en' : 'fr';
  if (!verb || verb === 'help' || values.help) {
    process.stdout.write(`${HELP[lang]}\n`);
    return verb && verb !== 'help' && !COMMANDS[verb] ? 2 : 0;
  }
  const load = COMMANDS[verb];
  if (!load) {
    process.stderr.write(`${lang === 'fr' ? 'Commande inconnue' : 'Unknown command'} : ${verb}\n\n${HELP[lang]}\n`);
    return 2;
  }
  const config = loadConfig();
  const cmd = await load();
  return cmd.run({ config, args, values: values as CommandContext['values'] });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof DoleancesError) {
      process.stderr.write(`doleances: ${err.code}: ${err.message}\n`);
      process.exitCode = err.code === 'CLI_USAGE' ? 2 : 1;
    } else {
      process.stderr.write(`doleances: ${errorMessage(err)}\n`);
      process.exitCode = 1;
    }
  },
);
