// The labelled corpus of a profile: every classify/corpus/<profile>/*.jsonl file, one message a
// line with its gold labels (kind, admissibility, referral, nature, urgency, urgency reason).
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../core/config.ts';
import type { LabelledExample } from '../model/train.ts';

export const DEFAULT_CORPUS_DIR = path.join(REPO_ROOT, 'classify', 'corpus');

const KINDS = new Set(['plainte', 'requete', 'commentaire', 'information']);

export function parseExample(line: string, origin: string): LabelledExample {
  const o = JSON.parse(line) as Record<string, unknown>;
  const str = (k: string) => {
    if (typeof o[k] !== 'string' || o[k] === '') throw new Error(`${origin} : champ « ${k} » manquant`);
    return o[k] as string;
  };
  const nullable = (k: string) => (o[k] === null || o[k] === undefined ? null : str(k));
  const kind = str('kind');
  if (!KINDS.has(kind)) throw new Error(`${origin} : type « ${kind} » inconnu`);
  const urgency = str('urgency');
  if (urgency !== 'urgente' && urgency !== 'normale') throw new Error(`${origin} : urgence « ${urgency} » inconnue`);
  return {
    id: str('id'),
    style: typeof o.style === 'string' ? o.style : undefined,
    channel: str('channel'),
    subject: nullable('subject'),
    text: str('text'),
    kind: kind as LabelledExample['kind'],
    admissibility: str('admissibility'),
    referral: nullable('referral'),
    nature: str('nature'),
    urgency,
    urgencyReason: nullable('urgencyReason'),
  };
}

export function loadCorpus(profileId: string, corpusDir = DEFAULT_CORPUS_DIR): LabelledExample[] {
  const dir = path.join(corpusDir, profileId);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort() : [];
  if (files.length === 0) throw new Error(`aucun corpus pour le profil « ${profileId} » dans ${dir}`);
  const out: LabelledExample[] = [];
  const ids = new Set<string>();
  for (const f of files) {
    fs.readFileSync(path.join(dir, f), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        const e = parseExample(line, `${f}:${i + 1}`);
        if (ids.has(e.id!)) throw new Error(`${f}:${i + 1} : identifiant « ${e.id} » en double`);
        ids.add(e.id!);
        out.push(e);
      });
  }
  return out;
}
