// Staff roles and what each may do, in one table (issue 9). Checked on the server for every route
// and every case: a page never relies on a link being hidden. Seed 001 (« l'identité de la
// personne plaignante est protégée par défaut ») keeps identity reveal with the complaints officer
// and the management; the board sees aggregates only and never a case or a name.

export const ROLES = ['agent', 'officer', 'director', 'board', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'cases.own-queues', // an agent's routed queues (their services, and those delegated to them)
  'cases.all-queues', // every queue, the triage queue included
  'cases.act', // take, assign, note, reply, judge, close… (within the cases the user may see)
  'identity.reveal', // open the citizen's name and contact data, with a reason (seed 001)
  'reports.view', // monthly reports and the live dashboard (aggregates only)
  'intake.view', // received messages that are not cases (quarantine, auto-replies, bounces)
  'users.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  agent: ['cases.own-queues', 'cases.act'],
  officer: ['cases.all-queues', 'cases.act', 'identity.reveal', 'reports.view', 'intake.view'],
  director: ['cases.all-queues', 'cases.act', 'identity.reveal', 'reports.view', 'intake.view'],
  board: ['reports.view'],
  admin: ['users.manage'],
};

export interface StaffUser {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Queue ids (profile queues) an agent works; empty for the other roles. */
  services: string[];
  lang: 'fr' | 'en';
  active: boolean;
}

export function can(user: Pick<StaffUser, 'role'>, perm: Permission): boolean {
  return GRANTS[user.role].includes(perm);
}

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** The actor id written into case events for a staff member (usernames never change). */
export function actorOf(user: Pick<StaffUser, 'username'>): string {
  return `staff:${user.username}`;
}

/** The lifecycle layer's role names (core/lifecycle/vocabulary.ts REVEAL_ROLES uses the first two). */
export const LIFECYCLE_ROLES: Record<Role, string> = {
  agent: 'agent',
  officer: 'responsable_plaintes',
  director: 'direction',
  board: 'conseil',
  admin: 'administrateur',
};

/**
 * Which queues a user may see: every queue for the officer and the management, otherwise the
 * agent's services plus the queues of colleagues who are absent and named them (seed 004).
 */
export function visibleQueues(user: StaffUser, allQueues: readonly string[], delegatedQueues: readonly string[] = []): Set<string> {
  if (can(user, 'cases.all-queues')) return new Set(allQueues);
  if (!can(user, 'cases.own-queues')) return new Set();
  return new Set([...user.services, ...delegatedQueues].filter((q) => allQueues.includes(q)));
}

/**
 * May this user open this case? Never when they are walled off from it (a complaint about them);
 * otherwise every case for the officer and the management, and for an agent the cases of their
 * visible queues and those assigned to them or to someone they stand in for (actor ids).
 */
export function canSeeCase(
  user: StaffUser,
  c: { queue: string | null; assignee: string | null; walledOff?: readonly string[] },
  queues: ReadonlySet<string>,
  standsInFor: readonly string[] = [],
): boolean {
  if (c.walledOff?.includes(actorOf(user))) return false;
  if (can(user, 'cases.all-queues')) return true;
  if (!can(user, 'cases.own-queues')) return false;
  if (c.queue && queues.has(c.queue)) return true;
  return c.assignee !== null && (c.assignee === actorOf(user) || standsInFor.includes(c.assignee));
}
