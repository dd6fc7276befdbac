import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../../test/support/app.ts';
import { verifyAuditChain } from '../../platform/audit/verify.ts';
import { demoEmail, demoPassword, seedDemo, type DemoSeedResult } from './demo-seed.ts';

let t: TestApp;
let first: DemoSeedResult;
beforeAll(async () => {
  t = await makeTestApp();
  first = await seedDemo(t.database.db);
}, 120_000);
afterAll(() => t.close());

describe('demo seed', () => {
  it('loads departments, teams and about fifty people with a spread of roles', async () => {
    expect(first).toEqual({ skipped: false, departments: 11, teams: 7, people: 50, teamMemberships: 21 });
    const roles = await t.database.query<{ key: string; n: number }>(
      `SELECT r.key, count(*)::int AS n FROM memberships m JOIN roles r ON r.id = m.role_id JOIN users u ON u.id = m.user_id
        WHERE m.org_id = $1 AND u.email LIKE '%@example.com' GROUP BY r.key`,
      [t.orgId],
    );
    const byKey = Object.fromEntries(roles.map((r) => [r.key, r.n]));
    expect(byKey).toEqual({ admin: 3, agent: 16, 'read-only': 2, requester: 29 });
  });

  it('gives people managers, departments, phones and team memberships, all audited', async () => {
    const admin = await t.admin();
    const page = (await admin.get(`/api/v1/people?q=${encodeURIComponent('Aisha Bello')}`)).json();
    const aisha = page.items[0];
    expect(aisha).toMatchObject({
      email: 'aisha.bello@example.com',
      jobTitle: 'Service Desk Analyst',
      kind: 'agent',
      department: { name: 'Service Desk' },
      manager: { name: 'Tom Lindqvist' },
      teams: [{ name: 'Service Desk L1' }],
    });
    expect(aisha.phone).toMatch(/^\+1 555 01\d\d$/);
    const teams = (await admin.get('/api/v1/teams?limit=50')).json().items as { name: string; memberCount: number }[];
    expect(teams.find((x) => x.name === 'Service Desk L1')!.memberCount).toBe(4);
    const [audited] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE actor_label = 'demo-seed' AND entity_type = 'person'`);
    expect(audited!.n).toBe(50);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
  });

  it('lets a demo agent sign in with the documented password', async () => {
    const agent = await t.login(demoEmail('Kenji Watanabe'), demoPassword);
    const session = (await agent.get('/api/v1/auth/session')).json();
    expect(session.user.email).toBe('kenji.watanabe@example.com');
    expect(demoEmail("James O'Connor")).toBe('james.oconnor@example.com');
  });

  it('does nothing the second time', async () => {
    expect(await seedDemo(t.database.db)).toEqual({ skipped: true, departments: 0, teams: 0, people: 0, teamMemberships: 0 });
    const [people] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE email LIKE '%@example.com'`);
    expect(people!.n).toBe(50);
  });
});
