// What every request of the staff app carries once the session middleware has run: the signed-in
// viewer (or null), the interface language and its translator.
import type { Session } from '../auth/sessions.ts';
import type { StaffUser } from '../auth/roles.ts';
import type { Lang, T } from '../i18n/translate.ts';

export interface Viewer {
  user: StaffUser;
  session: Session;
  /** Queues this viewer may see (own services, delegated queues, or all). */
  queues: Set<string>;
  /** Actor ids of colleagues who are absent today and named this viewer to take their cases (seed 004). */
  standsInFor: string[];
}

export type AppEnv = {
  Variables: {
    viewer: Viewer | null;
    lang: Lang;
    t: T;
  };
};
