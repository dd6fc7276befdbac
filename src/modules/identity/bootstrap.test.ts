import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../../../test/support/app.ts';
import { builtinRoles } from '../../platform/rbac/permissions.ts';
import { syncBuiltinRoles } from './bootstrap.ts';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('built-in roles after an upgrade', () => {
  it('get the permissions a new release defines for them, with an audit row, once', async () => {
    // As an installation from before the service desk: the agent role without the ticket permissions.
    await t.database.query(`UPDATE roles SET permissions = '{people:read,teams:read,roles:read}' WHERE key = 'agent' AND builtin`);
    expect(await syncBuiltinRoles(t.database.db)).toBe(1);
    const [row] = await t.database.query<{ permissions: string[] }>(`SELECT permissions FROM roles WHERE key = 'agent' AND org_id = $1`, [t.orgId]);
    expect([...row!.permissions].sort()).toEqual([...builtinRoles.find((r) => r.key === 'agent')!.permissions].sort());
    const audit = await t.database.query<{ action: string }>(`SELECT action FROM audit_events WHERE entity_type = 'role' AND action = 'permissions_synced'`);
    expect(audit).toHaveLength(1);
    expect(await syncBuiltinRoles(t.database.db)).toBe(0);
  });
});
