import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';
import { systemContext, type Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors/catalogue.ts';
import { recordInstallations } from './software-record.ts';

let t: TestApp;
let agent: Caller;
let ctx: Ctx;

beforeAll(async () => {
  t = await makeTestApp();
  const a = await t.makePerson({ name: 'Ivy Inventory' });
  agent = await t.login(a.email, a.password);
  ctx = systemContext(t.database.db, t.orgId, 'inventory', t.clock);
});
afterAll(() => t.close());

async function ci(name: string) {
  const res = await agent.post('/api/v1/configuration-items', { name, class: 'desktop' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; key: string };
}

const software = async (item: { key: string }) =>
  (await agent.get(`/api/v1/configuration-items/${item.key}/software?limit=200`)).json().items as {
    name: string;
    title: { key: string };
    normalisedVersion: string | null;
    source: string;
    lastSeenAt: string;
    installDate: string | null;
    version: number;
  }[];

describe('recordInstallations', () => {
  it('adds, refreshes, updates and (for inventory) removes what the report no longer lists; manual entries stay', async () => {
    const pc = await ci('inv-pc-1');
    const first = await recordInstallations(ctx, pc.key, [
      { name: 'Mozilla Firefox (x64 en-US)', publisher: 'Mozilla', version: '128.0.3' },
      { name: 'firefox', version: '128.0.3' },
      { name: '7-Zip 23.01 (x64)', publisher: 'Igor Pavlov', installDate: '2024-02-01' },
      { name: 'Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33130', publisher: 'Microsoft Corporation', version: '14.38.33130.0' },
    ], 'inventory');
    expect(first).toEqual({ added: 3, updated: 0, unchanged: 0, removed: 0, titlesCreated: 3 });
    const manual = await agent.post(`/api/v1/configuration-items/${pc.key}/software`, { name: 'Legacy Scanner Driver', publisher: 'Scanners Ltd' });
    expect(manual.statusCode).toBe(201);
    const firstSeen = (await software(pc)).find((s) => s.title.key === 'mozilla|firefox')!.lastSeenAt;

    t.clock.advance(3_600_000);
    const second = await recordInstallations(ctx, pc.id, [
      { name: 'Mozilla Firefox (x64 en-US)', publisher: 'Mozilla', version: '128.0.3' },
      { name: '7-Zip 23.01 (x64)', publisher: 'Igor Pavlov', version: '23.01' },
    ], 'inventory');
    expect(second).toEqual({ added: 0, updated: 1, unchanged: 1, removed: 1, titlesCreated: 0 });
    const now = await software(pc);
    expect(now.map((s) => [s.title.key, s.normalisedVersion, s.source]).sort()).toEqual([
      ['igor pavlov|7-zip', '23.01', 'inventory'],
      ['mozilla|firefox', '128.0.3', 'inventory'],
      ['scanners|legacy scanner driver', null, 'manual'],
    ]);
    const firefox = now.find((s) => s.title.key === 'mozilla|firefox')!;
    expect(Date.parse(firefox.lastSeenAt) - Date.parse(firstSeen)).toBe(3_600_000);
    expect(firefox.version).toBe(1);
    expect(now.find((s) => s.title.key === 'igor pavlov|7-zip')).toMatchObject({ installDate: '2024-02-01', version: 2 });

    const audit = await t.database.query<{ action: string; after: { source: string; added: string[]; removed: string[]; titlesCreated: string[] } }>(
      `SELECT action, after FROM audit_events WHERE entity_type = 'ci' AND entity_id = $1 AND action = 'software_recorded' ORDER BY seq`,
      [pc.id],
    );
    expect(audit).toHaveLength(2);
    expect(audit[0]!.after).toMatchObject({ source: 'inventory', added: ['Firefox 128.0.3', '7-Zip 23.01', 'Visual C++ 2015-2022 Redistributable 14.38.33130.0'] });
    expect(audit[1]!.after.removed).toEqual(['Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33130']);
    const events = await t.database.query<{ type: string }>(`SELECT type FROM events WHERE entity_id = $1 AND type = 'ci.software_recorded'`, [pc.id]);
    expect(events).toHaveLength(2);

    t.clock.advance(3_600_000);
    const quiet = await recordInstallations(ctx, pc.key, [{ name: 'Mozilla Firefox (x64 en-US)', publisher: 'Mozilla', version: '128.0.3' }, { name: '7-Zip 23.01 (x64)', publisher: 'Igor Pavlov', version: '23.01' }], 'inventory');
    expect(quiet).toEqual({ added: 0, updated: 0, unchanged: 2, removed: 0, titlesCreated: 0 });
    const [{ n }] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = $1 AND action = 'software_recorded'`, [pc.id]);
    expect(n).toBe(2);
  });

  it('an import adds and refreshes but never removes', async () => {
    const pc = await ci('inv-pc-2');
    await recordInstallations(ctx, pc.key, [{ name: 'Google Chrome', publisher: 'Google LLC', version: '126.0' }], 'inventory');
    const result = await recordInstallations(ctx, pc.key, [{ name: 'Slack', publisher: 'Slack Technologies' }], 'import');
    expect(result).toMatchObject({ added: 1, removed: 0 });
    expect((await software(pc)).map((s) => s.title.key).sort()).toEqual(['google|chrome', 'slack technologies|slack']);
    const emptied = await recordInstallations(ctx, pc.key, [], 'inventory');
    expect(emptied).toMatchObject({ added: 0, removed: 2 });
    expect(await software(pc)).toEqual([]);
  });

  it('rejects a bad report naming every record and field, and changes nothing', async () => {
    const pc = await ci('inv-pc-3');
    await recordInstallations(ctx, pc.key, [{ name: 'Keep Me', publisher: 'Keepers' }], 'inventory');
    const [{ n: before }] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM software_titles');
    const attempt = recordInstallations(ctx, pc.key, [{ name: 'Fine' }, { name: '' }, { name: 'x', installDate: '2024-13-01' }, { name: '\u200b\u200b' }] as never, 'inventory');
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    const error = (await attempt.catch((e: AppError) => e)) as AppError;
    expect(error.errors.map((e) => e.field)).toEqual(['software.1.name', 'software.2.installDate']);
    const unreadable = (await recordInstallations(ctx, pc.key, [{ name: 'Fine' }, { name: '\u200b\u200b' }], 'inventory').catch((e: AppError) => e)) as AppError;
    expect(unreadable.errors).toEqual([{ field: 'software.1.name', message: 'is not a name software can be recognised by' }]);
    const [{ n: after }] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM software_titles');
    expect(after).toBe(before);
    expect((await software(pc)).map((s) => s.name)).toEqual(['Keep Me']);
    await expect(recordInstallations(ctx, 'CI-999999', [], 'inventory')).rejects.toMatchObject({ code: 'CI_NOT_FOUND' });
  });

  it('needs cmdb:write', async () => {
    const pc = await ci('inv-pc-4');
    const reader = { ...ctx, actor: { type: 'user' as const, userId: '00000000-0000-0000-0000-000000000000', email: 'r@x', name: 'R', installationAdmin: false, kind: 'agent' as const, roleKey: 'read-only', permissions: new Set(['cmdb:read'] as const) } };
    await expect(recordInstallations(reader, pc.key, [{ name: 'Firefox' }], 'inventory')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
