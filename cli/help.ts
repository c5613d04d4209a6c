// The command-line help, in French (default) and English (--lang en or DOLEANCES_LANG=en).

export const HELP = {
  fr: `Doléances — plaintes et requêtes des citoyens, de tous les canaux au dossier.

Usage : doleances <commande> [options]

Commandes :
  start [--role all|ingest,classify,store]
                                     démarre tout (journal intégré, entrepôt DuckDB, accueil,
                                     classement, pages Web) ; affiche l'adresse servie
  ingest-file <fichier> [--dry-run] [--json]
                                     accueille un fichier (.eml, .json Twilio, .pdf, .png, .tif, .txt) ;
                                     --dry-run : analyse sans rien enregistrer
  classify --profile <id>            classe des lignes JSON lues sur l'entrée standard
                                     ({"id","channel","subject","text"}) ; une ligne JSON par entrée
  report --month AAAA-MM [--out DOSSIER] [--profile <id>] [--no-pdf]
                                     produit le rapport mensuel au conseil : HTML, PDF (Chromium),
                                     JSON, agrégats CSV et Parquet (défaut : data/reports/AAAA-MM/)
  generate [--cases N] [--months M] [--month AAAA-MM] [--out FICHIER]
                                     crée un historique synthétique réaliste dans un nouveau fichier
                                     DuckDB (démonstrations, banc d'essai ; défaut data/demo/)
  replay                             reconstruit l'entrepôt à partir du journal
  quarantine [--json]                liste les messages reçus qui ne sont pas des dossiers
  quarantine show <empreinte> [--out FICHIER]
                                     déchiffre de l'archive l'original d'un message en quarantaine
                                     (début de son empreinte SHA-256) pour l'examiner ou le redéposer ;
                                     sans --out, seulement vers une sortie redirigée, jamais un terminal
  verify                             vérifie la chaîne d'empreintes de chaque dossier
  dlq [list|redrive <id>…|redrive --all]
                                     lettres mortes : liste, ou republie les messages en échec
  eval --profile <id> [--train] [--cross-validate]
                                     évalue le classement sur l'échantillon de test (précision,
                                     rappel, F1, matrice de confusion) ; --train réentraîne d'abord
                                     le modèle livré à partir du corpus ; --cross-validate mesure
                                     par validation croisée sur l'entraînement seulement
  retrain [--profile <id>]           réentraîne avec les reclassements du personnel ; le nouveau
                                     modèle n'est mis en service que s'il n'est pas moins bon
  case <dossier> [show|<action>] [--reason …] [--actor ID --roles r1,r2]
                                     le dossier : show (consultation consignée), take, assign, note,
                                     ask, answered, answer, judge, close, redirect, inadmissible, drop,
                                     reopen, reclassify, escalate, extend, reveal, wall-off ;
                                     merge --into <dossier> : fusionne ce doublon au dossier conservé
  contacts merge|split|rotate-keys|rotate|retention
                                     les personnes : fusion, séparation (motif consigné), rotation
                                     des clés, destruction à la fin de la conservation (Loi 25) ;
                                     retention détruit aussi les messages sans dossier (--dry-run)
  export-contact <contact|courriel|téléphone> [--format json|html] [--out DOSSIER]
                                     le dossier d'une personne, pour elle, en français (accès consigné)
  help                               cette aide (--lang en : in English)

Variables : DOLEANCES_DATA_DIR (défaut ./data), DOLEANCES_PROFILE (défaut omh-trois-rivieres),
PORT (défaut 8080), HOST, LOG_LEVEL, DOLEANCES_DATA_KEYS. Voir le README.`,
  en: `Doléances — citizens' complaints and requests, from every channel to a case file.

Usage: doleances <command> [options]

Commands:
  start [--role all|ingest,classify,store]
                                     starts everything (embedded log, DuckDB warehouse, intake,
                                     classification, web pages); prints the URL it serves
  ingest-file <file> [--dry-run] [--json]
                                     takes in one file (.eml, Twilio .json, .pdf, .png, .tif, .txt);
                                     --dry-run: parse without recording anything
  classify --profile <id>            classifies JSON lines read on stdin
                                     ({"id","channel","subject","text"}); one JSON line per input
  report --month YYYY-MM [--out DIR] [--profile <id>] [--no-pdf]
                                     writes the board's monthly report: HTML, PDF (Chromium), JSON,
                                     CSV and Parquet aggregates (default: data/reports/YYYY-MM/)
  generate [--cases N] [--months M] [--month YYYY-MM] [--out FILE]
                                     creates a realistic synthetic history in a new DuckDB file
                                     (demos, benchmark; default data/demo/)
  replay                             rebuilds the warehouse from the log
  quarantine [--json]                lists received messages that are not cases
  quarantine show <sha256> [--out FILE]
                                     decrypts from the archive the original of a quarantined message
                                     (start of its SHA-256) to inspect it or drop it again; without
                                     --out, only to redirected output, never a terminal
  verify                             checks the hash chain of every case
  dlq [list|redrive <id>…|redrive --all]
                                     dead letters: list them, or publish failed messages again
  eval --profile <id> [--train] [--cross-validate]
                                     evaluates classification on the held-out split (precision,
                                     recall, F1, confusion matrix); --train first retrains the
                                     shipped model from the corpus; --cross-validate measures by
                                     cross-validation inside the training split only
  retrain [--profile <id>]           retrains with the staff's reclassifications; the new model
                                     goes into service only if it is not worse
  case <case> [show|<action>] [--reason …] [--actor ID --roles r1,r2]
                                     the case file: show (logged), take, assign, note, ask, answered,
                                     answer, judge, close, redirect, inadmissible, drop, reopen,
                                     reclassify, escalate, extend, reveal, wall-off;
                                     merge --into <case>: merges this duplicate into the case kept
  contacts merge|split|rotate-keys|rotate|retention
                                     people: merge, split (reason logged), key rotation, destruction
                                     at the end of the retention period (Law 25); retention also
                                     destroys the messages that never became a case (--dry-run)
  export-contact <contact|email|phone> [--format json|html] [--out DIR]
                                     a person's file, for them, in French (the access is logged)
  help                               this help (--lang fr: en français)

Environment: DOLEANCES_DATA_DIR (default ./data), DOLEANCES_PROFILE (default omh-trois-rivieres),
PORT (default 8080), HOST, LOG_LEVEL, DOLEANCES_DATA_KEYS. See the README.`,
};
