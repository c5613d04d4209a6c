// Urgency (seed 000: « traitées en priorité la journée même ») decided from three signals, so that
// recall stays first without drowning staff in false alarms:
//
// 1. explicit phrases that say a listed emergency is happening now (« ça sent le gaz », « il va me
//    tuer », « les enfants sont seuls », « on dort dans l'auto ») — urgent on their own, unless
//    they are negated (« il n'y a plus d'odeur de gaz »), conditional (« que faire si ça sent le
//    gaz ») or the message says the incident is over (« la semaine passée », « c'est réglé »,
//    « c'était un test ») ;
// 2. the model's P(urgente) at or above its threshold ;
// 3. the profile's broad urgency keyword lists (« alarme », « détecteur », « danger »…), which fire
//    on many ordinary messages: with a small corpus they count when the model gives the message at
//    least a lower threshold; with a large one they are only features of the model (measured: a
//    lower bar for list hits added false alarms and no recall).
//
// The thresholds come from out-of-fold predictions of the training split (train.ts, see
// chooseThresholds): the system must catch 99 % of the urgent training messages, with a margin.
export interface StrongUrgency {
  reason: string;
  phrase: string;
}

/** Present-tense emergency phrases per seed-000 urgency type, on the cleaned word string. */
const STRONG: { reason: string; patterns: RegExp[] }[] = [
  {
    reason: 'sinistre',
    patterns: [
      /\b(?:sent|sentait|sens|senti) (?:(?:vraiment|tres|tellement|fort|beaucoup|encore|donc|en maudit|le) )*(?:le |du )?gaz\b/,
      /\b(?:odeur|odeurs|senteur) (?:forte |tres forte )?de gaz\b/,
      /\bfuite de gaz\b/,
      /\b(?:il y a le|(?<!(?:passe|suite|depuis) )au|en|le) feu\b(?! (?:de|d) (?:circulation|foyer|camp|cuisson|artifice))/,
      /\b(?:pas|plus|aucun|sans) (?:de |d )?chauffage\b/,
      /\bchauffage (?:ne (?:marche|fonctionne) plus|arrete)\b/,
      /\b(?:eau|ca) (?:qui )?(?:coule|sort|tombe) (?:du|par le) plafond\b/,
      /\beau partout\b/,
      /\btuyau (?:qui )?(?:a )?(?:eclate|pete)\b/,
      /\b(?:egout|egouts) (?:qui )?refoul|\brefoulement d egout/,
      /\bmonoxyde\b(?: \w+){0,4} (?:sonne|alarme|crie)/,
      /\bfumee (?:qui )?sort\b/,
      /\b(?:odeur|senteur) d (?:oeufs?|oeuf) pourris?\b|\bsent (?:les |l )?oeufs? pourris?\b/,
      /\bgicleurs?\b(?: \w+){0,3} (?:eclate|pete|brise)\b/,
      // An outlet or appliance that sparked or burned: the fire may be in the wall.
      /\bprises?\b(?: \w+){0,8} (?:etincelles?|flammes?|fondue?|noircie?)\b/,
      /\bsent le plastique (?:fondu|brule)\b/,
    ],
  },
  {
    reason: 'securite',
    patterns: [
      /\b(?:va|vais|veut|voulait|allait|aller|vont) (?:me|te|nous|vous|la|le) (?:tuer|planter|faire la peau)\b/,
      /\bmenaces? de mort\b/,
      /\b(?:casser|peter|arranger|peter) (?:la gueule|la face|la figure|les jambes|le portrait|les dents)\b/,
      /\bfaire la peau\b/,
      /\bpeur pour (?:ma|sa|notre|leur) vie\b/,
      /\b(?:un|son|avec|a) (?:fusil|couteau|arme)\b/,
      /\bdefonc\w* (?:ma|la|notre) porte\b/,
      /\b(?:essaye|essayer|essayait|essaient|tente|tenter|tentait) (?:d|de) (?:ouvrir|enfoncer|forcer|defoncer) (?:ma|la|notre|sa) porte\b/,
      /\b(?:je sais|on sait|je connais|on connait) (?:ou (?:vous restez|tu restes?|il reste|elle reste|vous demeurez)|(?:votre|son|ton) adresse)\b/,
      /\b(?:quelqu un|un inconnu|des inconnus) (?:est |sont )?(?:rentre|entre|rentres|entres) (?:dans|chez) (?:mon|ma|notre|moi|nous)\b/,
      /\b(?:sortie|issue|porte) de secours\b(?: \w+){0,4} (?:bloquee?|barree?|obstruee?|ensevelie?)\b/,
      /\bplancher\b(?: \w+){0,4} (?:cede|a cede|passe a travers)\b/,
      /\bgratt\w* (?:dans|a) (?:ma|la|notre|sa) serrure\b/,
      /\b(?:pas|plus|pu) capable de se relever\b|\bincapable de se relever\b/,
      /\b(?:balcon|rampe|garde corps)\b(?: \w+){0,5} (?:se detache|va tomber|s effondre|est tombee?)\b/,
    ],
  },
  {
    reason: 'comportement_agressif',
    patterns: [
      /\bm a (?:frappe|frappee|pousse|poussee|battu|battue|saute dessus)\b/,
      /\ba frappe (?:sa|son|ma|mon|la|le)\b/,
      /\ben crise\b/,
      /\bcoups? de poing\b/,
    ],
  },
  {
    reason: 'danger_enfant',
    patterns: [
      /\b(?:enfants?|bebe|bambin|petits?|petites?|fillette|garcon)(?: \w+){0,3} (?:sont |est |restent |reste )?(?:tout |toute |tous )?(?:seule?s?)\b/,
      /\blaisse(?:e|s|es)? (?:tout |toute |tous )?seule?s?\b/,
      /\bsans surveillance\b/,
      /\bsur le rebord de la fenetre\b/,
    ],
  },
  {
    reason: 'besoin_logement',
    patterns: [
      /\ba la rue\b/,
      /\bnulle part (?:ou|pour) (?:dormir|aller|coucher)\b/,
      /\bdormir dehors\b/,
      /\b(?:dort|dors|dorment|dormons|dormi|couche|couchons) dans (?:l |mon |notre |ma |leur )?(?:auto|voiture|char)\b/,
      /\bmise? dehors\b/,
    ],
  },
  {
    reason: 'urgence_sociale',
    patterns: [
      /\bsuicid/,
      /\ben finir\b(?! avec)/,
      /\bmettre fin a (?:mes|ses|leurs) jours\b/,
      /\b(?:plus|pas) envie de vivre\b/,
      /\bveut plus vivre\b/,
      /\bidees noires\b/,
      /\bse jeter\b/,
      // Warning signs without the words (seed 000, « urgence sociale »; the usual suicide-risk
      // signs: belongings given away, farewells, pills put aside, « you won't have to worry about me »).
      /\bdonne (?:tout |toutes )?(?:ce (?:que|qu) (?:j|il|elle) avai[st]|(?:mes|ses|leurs) (?:meubles|affaires|choses|biens)|(?:son|mon) manteau)\b/,
      /\btout donne\b/,
      /\b(?:message|mot|lettres?) d adieu\b|\b(?:mes|ses) adieux\b/,
      /\becrit une lettre a (?:chacun de )?(?:mes|ses) (?:enfants|garcons|filles|fils)\b/,
      /\b(?:ramass|accumul|cach)\w* (?:ses|mes) (?:pilules|medicaments)\b/,
      /\brejoindre (?:son|mon) (?:mari|epoux|femme|epouse|conjoint|conjointe|defunt)\b/,
      /\bplus a (?:t|vous|te|s) (?:inquieter|en faire) (?:de|pour) (?:moi|lui|elle)\b/,
      // Someone who no longer answers: welfare-check signs.
      /\brepond (?:ni |pas |plus )(?:a la porte|a sa porte)\b/,
      /\b(?:courrier|journal|journaux|nouvelliste|repas)\b(?: \w+){0,4} (?:s empilent?|s accumulent?|(?:encore|toujours) devant)\b/,
      /\b(?:boite aux lettres|case postale|boite postale)\b(?: \w+){0,5} (?:pas ete videe?|pleine|deborde)\b/,
    ],
  },
];

const COMPILED = STRONG.map(({ reason, patterns }) => ({ reason, patterns: patterns.map((re) => new RegExp(re.source, 'g')) }));
const NEGATION = new Set(['pas', 'plus', 'aucun', 'aucune', 'jamais', 'ni']);
const CONDITIONAL = new Set(['si', 'cas', 'quand', 'lorsque']);

/**
 * Words saying the emergency is over, was a test, or is only a question: on the cleaned string.
 * Shared with the keyword features (#indice:calme) so the model can weigh them too.
 */
export const CALM_CUES = [
  "plus d'odeur", "pas d'odeur", 'aucune odeur', "n'y a plus", "n'y a pas de danger", "c'est regle", 'est regle', 'a ete repare',
  'a ete reparee', 'ont repare', "c'est repare", 'est repare', 'est reparee', 'tout est correct', 'tout est beau', "c'est correct",
  'rien de grave', 'pas grave', 'pas urgent', "rien d'urgent", 'aucune urgence', 'pas une urgence', 'pas de danger', 'aucun danger',
  'pour votre information', 'au cas ou', 'test', 'exercice', 'la pile', 'pile faible', 'fin de vie', 'fausse alarme', 'la semaine passee',
  'la semaine derniere', 'le mois passe', 'le mois dernier', "l'an passe", "l'an dernier", "l'hiver passe", "l'hiver dernier",
  "l'annee passee", 'depuis ce temps', 'depuis ce moment', 'est revenu', 'est revenue', 'va bien', 'tout va bien', "s'est calme",
  'est sec', "c'est sec", 'ancienne', 'vieille', 'quand vous passerez', 'a votre convenance', 'prochaine inspection', 'que dois-je faire si',
  'quoi faire si', 'en cas de', 'si un jour', 'vous remercier', 'merci pour la reparation',
];

/** Markers that the incident described is over: they keep the explicit phrases from firing. */
const OVER = [
  /\bplus d odeur\b/, /\bn y a plus\b/, /\bc est regle\b/, /\ba ete repare/, /\bont repare\b/, /\best repare/, /\btout est (?:correct|beau|rentre dans l ordre)\b/,
  /\bfausse alarme\b/, /\bc etait (?:un test|juste|seulement)\b/, /\btest (?:d alarme|des alarmes|de l alarme)\b/, /\bexercice\b/,
  /\b(?:la semaine|le mois|l an|l hiver|l annee) (?:passee?|derniere?)\b/, /\best revenue?\b/, /\btout va bien\b/, /\bs est calme\b/,
];

/**
 * The first explicit, present-tense emergency phrase in the cleaned text (words() joined by
 * spaces), or null when there is none or the message says the incident is over.
 */
export function strongUrgency(cleaned: string): StrongUrgency | null {
  if (OVER.some((re) => re.test(cleaned))) return null;
  for (const { reason, patterns } of COMPILED) {
    for (const global of patterns) {
      global.lastIndex = 0;
      for (let m = global.exec(cleaned); m; m = global.exec(cleaned)) {
        // The words before the phrase, in its own sentence only.
        const sentence = cleaned.slice(0, m.index).split(' ').filter(Boolean);
        const own = sentence.slice(sentence.lastIndexOf('.') + 1);
        const phraseStartsNegated = NEGATION.has(m[0].split(' ')[0]!);
        if (!phraseStartsNegated && own.slice(-4).some((w) => NEGATION.has(w))) continue;
        if (own.slice(-8).some((w) => CONDITIONAL.has(w))) continue;
        global.lastIndex = 0;
        return { reason, phrase: m[0] };
      }
    }
  }
  return null;
}

export interface UrgencyThresholds {
  /** The model alone: P(urgente) at or above this → urgent. */
  model: number;
  /** A profile urgency-list hit counts when P(urgente) is at or above this (≤ model). */
  rule: number;
}

export interface UrgencySignals {
  pUrgent: number;
  /** Whether one of the profile's urgency keyword lists matched (raw or cleaned text). */
  rule: boolean;
  strong: boolean;
}

export function isUrgent(s: UrgencySignals, t: UrgencyThresholds): boolean {
  return s.strong || s.pUrgent >= t.model || (s.rule && s.pUrgent >= t.rule);
}

/**
 * The thresholds from out-of-fold signals of the training messages. The model's threshold is the
 * one at which the system (explicit phrases, or the model) catches `recall` of the urgent training
 * messages, each judged by a model that did not see it; `margin` is taken under it (lower is
 * safer: a new message is a little further from the training data than an out-of-fold one). A
 * keyword-list hit counts from `ruleFactor` times that threshold.
 *
 * Why not "every urgent training message, whatever it costs": measured on the OMH corpus, the
 * last percent of urgent messages out of fold are the ones with no urgency word at all (a
 * farewell letter, a postman's note about an old man's full mailbox); pinning the threshold to the
 * hardest of them flagged two normal messages in three as urgent, which staff would soon learn to
 * ignore. Nested cross-validation (classify/eval/cross-validate.ts) chose the defaults in train.ts.
 */
export function chooseThresholds(
  examples: readonly (UrgencySignals & { urgent: boolean })[],
  opts: { margin: number; min: number; max: number; recall?: number; ruleFactor?: number; minUrgentForModel?: number; fewMargin?: number },
): UrgencyThresholds {
  const clamp = (v: number) => Math.min(opts.max, Math.max(opts.min, Math.floor(v * 1000) / 1000));
  const factor = opts.ruleFactor ?? 1;
  const urgent = examples.filter((e) => e.urgent);
  if (urgent.length === 0) return { model: opts.min, rule: opts.min };
  if (urgent.length < (opts.minUrgentForModel ?? 40)) return fewestFalseAlarms(examples, opts.fewMargin ?? opts.margin, clamp);
  // What the model must give each urgent message for the system to catch it (the phrases catch some).
  const needed = urgent.map((e) => (e.strong ? Infinity : e.pUrgent)).sort((a, b) => b - a);
  const at = needed[Math.max(0, Math.ceil((opts.recall ?? 1) * urgent.length) - 1)]!;
  const model = clamp(Number.isFinite(at) ? at * opts.margin : opts.max);
  return { model, rule: clamp(model * factor) };
}

/**
 * With too few urgent training messages (a profile's small corpus) the model cannot be the safety
 * net on its own: its lowest out-of-fold probability is noise. Then the thresholds are those that
 * catch every urgent training message by the model alone or by a list hit the model finds
 * plausible enough, with the fewest false alarms, the margin taken under both.
 */
function fewestFalseAlarms(examples: readonly (UrgencySignals & { urgent: boolean })[], margin: number, clamp: (v: number) => number): UrgencyThresholds {
  // The phrases do not count here: on so few messages their recall is as optimistic as the lists'.
  const urgent = examples.filter((e) => e.urgent);
  const candidates = [...new Set([...urgent.filter((e) => e.rule).map((e) => e.pUrgent), Infinity])].sort((a, b) => a - b);
  let best: { t: UrgencyThresholds; fp: number } | null = null;
  for (const tr of candidates) {
    const left = urgent.filter((e) => !(e.rule && e.pUrgent >= tr)).map((e) => e.pUrgent);
    const tm = left.length ? Math.min(...left) : 1;
    const t = { model: clamp(tm * margin), rule: clamp(Math.min(tr, tm) * margin) };
    const fp = examples.filter((e) => !e.urgent && isUrgent(e, t)).length;
    if (!best || fp < best.fp) best = { t, fp };
  }
  return best!.t;
}
