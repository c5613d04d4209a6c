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
  report --month AAAA-MM [--out DOSSIER] [--profile <id>]
                                     produit le rapport mensuel au conseil (HTML)
  replay                             reconstruit l'entrepôt à partir du journal
  quarantine [--json]                liste les messages reçus qui ne sont pas des dossiers
  verify                             vérifie la chaîne d'empreintes de chaque dossier
  dlq [list|redrive <id>…|redrive --all]
                                     lettres mortes : liste, ou republie les messages en échec
  eval --profile <id>                évalue le classement sur l'échantillon de test (précision,
                                     rappel, F1, matrice de confusion)
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
  report --month YYYY-MM [--out DIR] [--profile <id>]
                                     writes the board's monthly report (HTML)
  replay                             rebuilds the warehouse from the log
  quarantine [--json]                lists received messages that are not cases
  verify                             checks the hash chain of every case
  dlq [list|redrive <id>…|redrive --all]
                                     dead letters: list them, or publish failed messages again
  eval --profile <id>                evaluates classification on the held-out split (precision,
                                     recall, F1, confusion matrix)
  help                               this help (--lang fr: en français)

Environment: DOLEANCES_DATA_DIR (default ./data), DOLEANCES_PROFILE (default omh-trois-rivieres),
PORT (default 8080), HOST, LOG_LEVEL, DOLEANCES_DATA_KEYS. See the README.`,
};
