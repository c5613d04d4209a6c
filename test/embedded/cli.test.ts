// The command line as a user runs it: bin/doleances in a child process, a data directory of its own.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/config.ts';
import { tempDataDir } from '../helpers/app.ts';

const BIN = path.join(REPO_ROOT, 'bin', 'doleances');
const dataDir = tempDataDir('dol-cli-');

function cli(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, DOLEANCES_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...opts.env },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bin/doleances', () => {
  it('helps in French by default and in English on request', () => {
    const fr = cli(['--help']);
    expect(fr.code).toBe(0);
    expect(fr.out).toContain('Usage : doleances <commande>');
    for (const verb of ['start', 'ingest-file', 'classify', 'report', 'replay']) expect(fr.out).toContain(verb);
    expect(cli(['help', '--lang', 'en']).out).toContain('Usage: doleances <command>');
    expect(cli(['frobnicate']).code).toBe(2);
  });

  it('classify: JSON Lines in, one decision per line out, nothing else on stdout', () => {
    const input = [
      { id: 'a', channel: 'email', subject: 'Entrée pas déneigée', text: "L'entrée du bloc est pleine de neige et de glace depuis la tempête." },
      { id: 'b', channel: 'voicemail', subject: null, text: 'oui bonjour euh ça sent le gaz dans le corridor du troisième étage là' },
      { id: 'c', channel: 'email', subject: null, text: 'Le voisin du dessus fait jouer sa musique à tue-tête toutes les nuits.' },
    ].map((o) => JSON.stringify(o)).join('\n');
    const r = cli(['classify', '--profile', 'omh-trois-rivieres'], { input });
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(Object.keys(l).sort()).toEqual(['admissibility', 'confidence', 'id', 'kind', 'nature', 'queue', 'urgency', 'urgencyReason'].sort());
    expect(lines[0]).toMatchObject({ id: 'a', nature: 'deneigement', queue: 'service-immeubles', urgency: 'normale', urgencyReason: null });
    expect(lines[1]).toMatchObject({ id: 'b', urgency: 'urgente', urgencyReason: 'sinistre' });
    expect(lines[2]).toMatchObject({ id: 'c', nature: 'voisinage', queue: 'direction-service-clientele' });
  });

  it('ingest-file --dry-run --json reads voicemail transcripts, faxes and scanned letters', () => {
    const vm = JSON.parse(cli(['ingest-file', path.join(REPO_ROOT, 'examples/messagerie-vocale-gaz.json'), '--dry-run', '--json']).out);
    expect(vm).toMatchObject({ disposition: 'case', channel: 'voicemail' });
    expect(vm.text).toMatch(/gaz/);
    const fax = JSON.parse(cli(['ingest-file', path.join(REPO_ROOT, 'examples/telecopie-stationnement.eml'), '--dry-run', '--json']).out);
    expect(fax).toMatchObject({ disposition: 'case', channel: 'fax' });
    expect(fax.ocrConfidence).toBeGreaterThan(60);
    expect(fax.text).toMatch(/stationn/i);
    const letter = JSON.parse(cli(['ingest-file', path.join(REPO_ROOT, 'examples/lettre-numerisee.png'), '--dry-run', '--json']).out);
    expect(letter).toMatchObject({ disposition: 'case', channel: 'letter' });
    expect(letter.text.length).toBeGreaterThan(200);
    const bad = path.join(dataDir, 'vide.eml');
    fs.writeFileSync(bad, '');
    expect(JSON.parse(cli(['ingest-file', bad, '--dry-run', '--json']).out)).toMatchObject({ disposition: 'quarantine', errorCode: expect.stringMatching(/^INTAKE_(UNREADABLE|EMPTY)$/) });
    expect(fs.existsSync(path.join(dataDir, 'log'))).toBe(false); // a dry run records nothing
  });

  it('ingest-file makes a case, then report, quarantine and verify read the warehouse', () => {
    const letter = path.join(dataDir, 'lettre.txt');
    fs.writeFileSync(letter, "Trois-Rivières, le 20 novembre 2026\nObjet : déneigement\nLe stationnement et l'entrée ne sont jamais déneigés, c'est une patinoire.\n");
    const r = cli(['ingest-file', letter, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.disposition).toBe('case');
    expect(out.case).toMatchObject({ nature: 'deneigement', queue: 'service-immeubles' });
    expect(JSON.parse(cli(['ingest-file', letter, '--dry-run', '--json']).out).disposition).toBe('duplicate');

    const month = new Date().toISOString().slice(0, 7);
    const rep = cli(['report', '--month', month, '--out', path.join(dataDir, 'rapports')]);
    expect(rep.code).toBe(0);
    const html = fs.readFileSync(rep.out.trim(), 'utf8');
    expect(html).toContain('Bilan mensuel des plaintes');
    expect(html).toContain('Déneigement');
    expect(html).toContain('&lt; 5'); // one case: suppressed, never a count that singles someone out
    expect(cli(['verify']).out).toMatch(/Intègre : 1 dossiers/);
    expect(cli(['quarantine']).code).toBe(0);
    expect(cli(['report', '--month', '2026-13']).code).toBe(2);
  });

  it('case <doublon> merge --into <dossier> merges a duplicate; both files show it; a second merge is refused', () => {
    const ingest = (name: string, text: string) => {
      const f = path.join(dataDir, name);
      fs.writeFileSync(f, text);
      return JSON.parse(cli(['ingest-file', f, '--json']).out).case.case_id as string;
    };
    const kept = ingest('fuite-1.txt', "Objet : fuite d'eau\nIl y a une fuite d'eau sous l'évier de la cuisine du 3175 rue Papineau, app. 9, depuis hier.\n");
    const dup = ingest('fuite-2.txt', "Objet : fuite d'eau (2e envoi)\nJe vous réécris : la fuite sous l'évier du 3175 rue Papineau, app. 9, continue.\n");
    expect(cli(['case', dup, 'merge', '--reason', 'x']).code).toBe(2);
    const r = cli(['case', dup, 'merge', '--into', kept, '--reason', 'Même fuite, signalée deux fois', '--actor', 'agent:immeubles:jtremblay', '--roles', 'agent']);
    expect(r.err).toBe('');
    expect(r.out).toContain(`Dossier ${dup} : 2 événement(s) consigné(s) ; état : Fusionnée au dossier ${kept}.`);
    expect(cli(['case', kept, 'show']).out).toMatch(new RegExp(`Doublons fusionnés à ce dossier[^\n]*\n  ${dup}  reçu le .* : Même fuite, signalée deux fois`));
    expect(cli(['case', dup, 'show']).out).toContain(`Dossier ${dup} — Fusionnée au dossier ${kept}`);
    const again = cli(['case', dup, 'merge', '--into', kept, '--reason', 'encore']);
    expect(again.code).not.toBe(0);
    expect(again.err).toMatch(/CASE_TRANSITION_INVALID.*déjà été fusionné/);
  });

  it('refuses bad configuration with a message that names the field', () => {
    const r = cli(['report', '--month', '2026-11'], { env: { PORT: 'abc' } });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/CONFIG_INVALID.*PORT/);
    const p = cli(['classify'], { input: '', env: { DOLEANCES_PROFILE: 'inconnu' } });
    expect(p.err).toMatch(/PROFILE_NOT_FOUND.*inconnu/);
  });
});
