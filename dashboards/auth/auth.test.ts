// Pure pieces of the staff app's access control: who may do what, which cases an agent sees
// (queues, assignment, stand-ins, walls), the login throttle, token comparison, safe redirects.
import { describe, expect, it } from 'vitest';
import { localPath } from '../routes/auth-routes.ts';
import { sameToken } from './csrf.ts';
import { LoginLimiter } from './rate-limit.ts';
import { can, canSeeCase, visibleQueues, type StaffUser } from './roles.ts';

const user = (role: StaffUser['role'], services: string[] = [], username: string = role): StaffUser => ({ userId: username, username, displayName: username, role, services, lang: 'fr', active: true });
const QUEUES = ['service-immeubles', 'service-clientele', 'triage'];

describe('roles', () => {
  it('keeps board members to aggregates and administrators to accounts', () => {
    expect(can(user('board'), 'reports.view')).toBe(true);
    for (const p of ['cases.own-queues', 'cases.all-queues', 'cases.act', 'identity.reveal', 'intake.view'] as const) expect(can(user('board'), p)).toBe(false);
    expect(can(user('admin'), 'users.manage')).toBe(true);
    expect(can(user('admin'), 'cases.all-queues')).toBe(false);
    expect(can(user('agent'), 'identity.reveal')).toBe(false);
    expect(can(user('officer'), 'identity.reveal')).toBe(true);
  });

  it('shows an agent their services, delegated queues and assigned cases, never a walled-off case', () => {
    const a = user('agent', ['service-immeubles'], 'jt');
    const q = visibleQueues(a, QUEUES);
    expect([...q]).toEqual(['service-immeubles']);
    expect(canSeeCase(a, { queue: 'service-immeubles', assignee: null }, q)).toBe(true);
    expect(canSeeCase(a, { queue: 'service-clientele', assignee: null }, q)).toBe(false);
    expect(canSeeCase(a, { queue: 'service-clientele', assignee: 'staff:jt' }, q)).toBe(true);
    expect(canSeeCase(a, { queue: 'service-clientele', assignee: 'staff:mg' }, q, ['staff:mg'])).toBe(true);
    expect(canSeeCase(a, { queue: 'service-immeubles', assignee: null, walledOff: ['staff:jt'] }, q)).toBe(false);
    expect([...visibleQueues(a, QUEUES, ['service-clientele'])]).toEqual(['service-immeubles', 'service-clientele']);
    const o = user('officer');
    expect(visibleQueues(o, QUEUES).has('triage')).toBe(true);
    expect(canSeeCase(user('board'), { queue: 'triage', assignee: null }, new Set(QUEUES))).toBe(false);
  });
});

describe('login throttle', () => {
  it('blocks a username after 5 failures and an address after 20, for the window', () => {
    const l = new LoginLimiter(5, 20, 60_000);
    for (let i = 0; i < 5; i++) l.fail('jt', '10.0.0.1', 1000);
    expect(l.retryAfter('jt', '10.0.0.2', 2000)).toBeGreaterThan(0);
    expect(l.retryAfter('mg', '10.0.0.2', 2000)).toBe(0);
    expect(l.retryAfter('jt', '10.0.0.2', 70_000)).toBe(0);
    for (let i = 0; i < 20; i++) l.fail(`u${i}`, '10.0.0.9', 1000);
    expect(l.retryAfter('new', '10.0.0.9', 2000)).toBeGreaterThan(0);
  });
});

describe('tokens and redirects', () => {
  it('compares tokens in constant time and refuses missing ones', () => {
    expect(sameToken('abc', 'abc')).toBe(true);
    expect(sameToken('abc', 'abd')).toBe(false);
    expect(sameToken('abc', 'abcd')).toBe(false);
    expect(sameToken(undefined, 'abc')).toBe(false);
  });

  it('only follows local paths after sign-in', () => {
    expect(localPath('/dossiers/2026-ABCDE-FGHJK')).toBe('/dossiers/2026-ABCDE-FGHJK');
    for (const p of ['//evil.example', 'https://evil.example', '/\\evil.example', 'javascript:alert(1)', '']) expect(localPath(p)).toBe('/');
  });
});
