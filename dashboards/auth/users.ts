// Staff accounts: create, update, list, authenticate. An agent belongs to one or more services
// (the profile's queue ids); the other roles have none. Passwords are argon2id hashes.
import crypto from 'node:crypto';
import { DoleancesError } from '../../core/errors.ts';
import { dummyHash, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './password.ts';
import { isRole, type Role, type StaffUser } from './roles.ts';
import type { StaffDb } from './staff-db.ts';

interface UserRow {
  user_id: string;
  username: string;
  display_name: string;
  role: string;
  services: string;
  password_hash: string;
  lang: string;
  active: boolean;
}

const COLS = 'user_id, username, display_name, role, services, password_hash, lang, active';

function toUser(r: UserRow): StaffUser {
  return {
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    role: isRole(r.role) ? r.role : 'board',
    services: JSON.parse(r.services || '[]') as string[],
    lang: r.lang === 'en' ? 'en' : 'fr',
    active: r.active,
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  services: string[];
  password: string;
  lang?: 'fr' | 'en';
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,39}$/;

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DoleancesError('AUTH_WEAK_PASSWORD', `Le mot de passe doit compter au moins ${MIN_PASSWORD_LENGTH} caractères.`);
  }
}

export class Users {
  constructor(private db: StaffDb) {}

  async count(): Promise<number> {
    return Number((await this.db.one<{ n: string }>(`SELECT count(*) AS n FROM staff_users`))?.n ?? 0);
  }

  async create(u: NewUser, actor: string): Promise<StaffUser> {
    const username = u.username.trim().toLowerCase();
    if (!USERNAME.test(username)) throw new DoleancesError('AUTH_INVALID_INPUT', "Nom d'utilisateur invalide (2 à 40 lettres minuscules, chiffres, . _ -).");
    if (!u.displayName.trim()) throw new DoleancesError('AUTH_INVALID_INPUT', 'Le nom affiché est obligatoire.');
    checkPassword(u.password);
    if (await this.byUsername(username)) throw new DoleancesError('AUTH_INVALID_INPUT', `Le nom d'utilisateur « ${username} » existe déjà.`);
    const userId = crypto.randomUUID();
    const services = u.role === 'agent' ? u.services : [];
    await this.db.run(`INSERT INTO staff_users VALUES ($1, $2, $3, $4, $5, $6, $7, true, now(), now())`, [
      userId, username, u.displayName.trim(), u.role, JSON.stringify(services), await hashPassword(u.password), u.lang ?? 'fr',
    ]);
    await this.db.audit(actor, 'user.created', userId, { username, role: u.role, services });
    return (await this.byId(userId))!;
  }

  async update(userId: string, patch: { displayName?: string; role?: Role; services?: string[]; active?: boolean; lang?: 'fr' | 'en' }, actor: string): Promise<StaffUser> {
    const cur = await this.byId(userId);
    if (!cur) throw new DoleancesError('NOT_FOUND', 'Utilisateur introuvable.');
    const role = patch.role ?? cur.role;
    const next = {
      displayName: patch.displayName?.trim() || cur.displayName,
      role,
      services: role === 'agent' ? (patch.services ?? cur.services) : [],
      active: patch.active ?? cur.active,
      lang: patch.lang ?? cur.lang,
    };
    await this.db.run(`UPDATE staff_users SET display_name = $2, role = $3, services = $4, active = $5, lang = $6, updated_at = now() WHERE user_id = $1`, [
      userId, next.displayName, next.role, JSON.stringify(next.services), next.active, next.lang,
    ]);
    await this.db.audit(actor, 'user.updated', userId, { role: next.role, services: next.services, active: next.active });
    return (await this.byId(userId))!;
  }

  async setPassword(userId: string, password: string, actor: string): Promise<void> {
    checkPassword(password);
    await this.db.run(`UPDATE staff_users SET password_hash = $2, updated_at = now() WHERE user_id = $1`, [userId, await hashPassword(password)]);
    await this.db.audit(actor, 'user.password-set', userId);
  }

  async byId(userId: string): Promise<StaffUser | undefined> {
    const r = await this.db.one<UserRow>(`SELECT ${COLS} FROM staff_users WHERE user_id = $1`, [userId]);
    return r ? toUser(r) : undefined;
  }

  async byUsername(username: string): Promise<StaffUser | undefined> {
    const r = await this.db.one<UserRow>(`SELECT ${COLS} FROM staff_users WHERE username = $1`, [username.trim().toLowerCase()]);
    return r ? toUser(r) : undefined;
  }

  async list(): Promise<StaffUser[]> {
    return (await this.db.all<UserRow>(`SELECT ${COLS} FROM staff_users ORDER BY role, display_name`)).map(toUser);
  }

  /** The user when the password matches an active account; undefined otherwise (same timing either way). */
  async authenticate(username: string, password: string): Promise<StaffUser | undefined> {
    const r = await this.db.one<UserRow>(`SELECT ${COLS} FROM staff_users WHERE username = $1`, [username.trim().toLowerCase()]);
    const ok = await verifyPassword(r?.password_hash ?? (await dummyHash()), password);
    return r && ok && r.active ? toUser(r) : undefined;
  }
}
