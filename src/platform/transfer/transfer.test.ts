import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, adminEmail, adminPassword, type TestApp } from '../../../test/support/app.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { attachmentStore } from '../../modules/service-desk/attachment-routes.ts';
import { receiveMail } from '../../modules/service-desk/mail/inbound.ts';
import type { Database } from '../../db/client.ts';
import { schemaVersion } from '../../db/migrate.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import { oidcStates } from '../auth/schema.ts';
import { systemContext } from '../context.ts';
import { nextHumanKey } from '../keys/human-keys.ts';
import { dispatchPending } from '../events/dispatcher.ts';
import { exportData } from './export-data.ts';
import { importData } from './import-data.ts';
import { applicationTables } from './table-plan.ts';
import {
  dataRowCount,
  dropFreshPostgres,
  freshPglite,
  freshPostgres,
  postgresAdminUrl,
  postgresAnswers,
  readDump,
  rewriteDump,
  signInStatus,
  workDir,
} from './transfer-fixture.ts';

const pgUp = await postgresAnswers();
const tables = applicationTables().map((t) => t.name);
const personPassword = 'Exported-password-42';

let t: TestApp;
let dir: string;
let source: string;
let person: { id: string; email: string };
const opened: Database[] = [];

async function track(database: Promise<Database>): Promise<Database> {
  const db = await database;
  opened.push(db);
  return db;
}

/** Fills the source through the real API and services: every table gets rows. */
async function populate(app: TestApp): Promise<void> {
  const admin = await app.admin();
  const ok = async (res: Promise<{ statusCode: number; json(): any; body: string }>, status = 201) => {
    const r = await res;
    expect(r.statusCode, r.body).toBe(status);
    return r.json();
  };
  const itOps = await ok(admin.post('/api/v1/departments', { name: 'IT Operations' }));
  const finance = await ok(admin.post('/api/v1/departments', { name: 'Finance — Zürich "HQ"' }));
  await ok(admin.patch(`/api/v1/departments/${finance.id}`, { version: finance.version, name: 'Finance — Zürich "HQ" ✓' }), 200);
  const role = await ok(admin.post('/api/v1/roles', { name: 'Auditor ☃', permissions: ['people:read', 'audit:read'] }));
  const manager = await app.makePerson({ name: 'Grace Hopper', role: 'admin' });
  person = await ok(
    admin.post('/api/v1/people', {
      name: "Ada O'Lovelace",
      email: 'ada@example.test',
      roleId: role.id,
      jobTitle: 'Analyst\nline two\t"quoted"',
      phone: '+44 20 7946 0000',
      departmentId: itOps.id,
      managerId: manager.id,
      password: personPassword,
    }),
  );
  const sso = await app.makePerson({ name: 'Sso Only 👩‍💻', role: 'requester' });
  const team = await ok(admin.post('/api/v1/teams', { name: 'Service Desk L1', description: 'First line', email: 'desk@example.test' }));
  await ok(admin.post(`/api/v1/teams/${team.id}/members`, { userId: person.id }), 200);
  await ok(admin.post(`/api/v1/teams/${team.id}/members`, { userId: sso.id }), 200);
  const token = await ok(admin.post('/api/v1/api-tokens', { name: 'CI export', scopes: ['people:read'] }));
  expect((await app.bearer(token.token).get('/api/v1/people')).statusCode).toBe(200);
  expect((await app.anonymous.post('/api/v1/auth/login', { email: person.email, password: 'wrong-password-1' })).statusCode).toBe(401);
  await dispatchPending(app.database.db, app.clock, [{ name: 'transfer-test', types: '*', handle: async () => {} }]);
  await app.database.db
    .insert(oidcStates)
    .values({ state: 'state-1', codeVerifier: 'verifier', nonce: 'nonce', returnTo: '/people?x=1', createdAt: '2026-03-29 01:30:00.123456+01' });
  await app.database.query(`INSERT INTO event_cursors (subscriber, tx_horizon) VALUES ('beyond-2^53', 9007199254740993)`);
  for (let i = 0; i < 3; i++) await nextHumanKey(systemContext(app.database.db, app.orgId, 'transfer-test'), 'CHG');
  // Service desk: settings, a category tree, tickets with watchers, a parent, and both kinds of comment.
  const settings = await ok(admin.get('/api/v1/desk/settings'), 200);
  await ok(admin.patch('/api/v1/desk/settings', { version: settings.version, reopenDays: 10 }), 200);
  const hardware = await ok(admin.post('/api/v1/categories', { name: 'Hardware', defaultGroupId: team.id }));
  const printers = await ok(admin.post('/api/v1/categories', { name: "Printers & 'plotters'", parentId: hardware.id }));
  const parent = await ok(admin.post('/api/v1/tickets', { type: 'incident', title: 'Floor 3 printers', categoryId: printers.id, watcherIds: [sso.id], tags: ['floor-3'] }));
  const child = await ok(
    admin.post('/api/v1/tickets', { type: 'request', title: 'Toner "black" ✓', description: '# Steps\n1. *swap*', parentId: parent.id, requesterId: person.id }),
  );
  await ok(admin.post(`/api/v1/tickets/${child.id}/comments`, { text: 'Ordered — arrives tomorrow', visibility: 'public' }));
  await ok(admin.post(`/api/v1/tickets/${child.id}/comments`, { text: 'Vendor ref 42', visibility: 'internal' }));
  const file = multipart({ fileName: 'toner order ✓.txt', contentType: 'text/plain', content: 'order 42' });
  await ok(admin.request({ method: 'POST', url: `/api/v1/tickets/${child.id}/attachments`, ...file }));
  // E-mail channel: a mailbox, a customised notification text, and a mail taken in (a ticket for a new requester).
  await ok(admin.post('/api/v1/mailboxes', { address: 'desk@transfer.example.test', name: 'Desk ✉ "main"' }));
  await ok(admin.put('/api/v1/notification-templates/public_reply', { version: 0, subject: 'Re: [{{ticket.key}}] {{ticket.title}}', text: '{{comment.text}}\n— «Desk»' }), 200);
  const log = { info: () => {}, warn: () => {}, error: () => {} };
  const raw = 'From: "Zoë Mail" <zoe@transfer.example.test>\r\nTo: desk@transfer.example.test\r\nSubject: =?UTF-8?Q?Dr=C3=BCcker?=\r\nMessage-ID: <m1@transfer.example.test>\r\n\r\nJammed.\r\n';
  const inbound = await receiveMail({ db: app.database.db, clock: app.clock, mail: app.config.mail, store: attachmentStore(app.config), log }, ['desk@transfer.example.test'], Buffer.from(raw));
  expect(inbound.action).toBe('created');
  // SLA: a calendar across a DST change, a policy, and the clocks of a ticket that matches it.
  const calendar = await ok(
    admin.post('/api/v1/business-calendars', {
      name: 'Night shift ☾',
      spec: { timeZone: 'Europe/Berlin', alwaysOpen: false, hours: { fri: [{ start: '22:00', end: '06:00' }] }, holidays: [{ date: '12-24', name: 'Heiligabend' }] },
    }),
  );
  await ok(admin.post('/api/v1/sla-policies', { name: 'Nights', calendarId: calendar.id, targets: { response: { '3': 30 }, resolution: { '3': 240 }, ola: { '3': 120 } } }));
  const timed = await ok(admin.post('/api/v1/tickets', { type: 'incident', title: 'Timed', groupId: team.id }));
  await ok(admin.patch(`/api/v1/tickets/${timed.id}`, { version: timed.version, status: 'pending', pendingReason: 'awaiting_vendor' }), 200);
  // Service catalogue: an item with a form, an approval by the administrator and a task; one request.
  const me = (await ok(admin.get('/api/v1/auth/session'), 200)).user.id;
  const item = await ok(
    admin.post('/api/v1/catalog-items', {
      name: 'Laptop «Pro»',
      groupId: team.id,
      form: [{ key: 'model', label: 'Model', type: 'choice', required: true, options: ['13"', '15"'] }],
      approvals: [{ kind: 'people', userIds: [me] }],
      tasks: [{ title: 'Order it', groupId: team.id }],
    }),
  );
  await ok(admin.post(`/api/v1/catalog-items/${item.id}/requests`, { values: { model: '13"' } }));
  // Routing and saved views.
  const routing = await ok(admin.get(`/api/v1/desk/groups/${team.id}`), 200);
  await ok(admin.patch(`/api/v1/desk/groups/${team.id}`, { version: routing.version, roundRobin: true }), 200);
  await ok(admin.post('/api/v1/ticket-views', { name: 'My “urgent” ones', filters: { view: 'mine', priority: '1,2' }, shared: true }));
  // CMDB: a location tree down to a rack, a sub-class, items with attributes, a relationship and a ticket's affected item.
  const site = await ok(admin.post('/api/v1/locations', { kind: 'site', name: 'Zürich «HQ»' }));
  const rack = await ok(admin.post('/api/v1/locations', { kind: 'rack', name: "Rack 'A'", parentId: site.id, rackUnits: 42 }));
  await ok(admin.post('/api/v1/ci-classes', { key: 'linux_server', name: 'Linux server ✓', parent: 'server', customAttributes: [{ key: 'kernel', label: 'Kernel "LTS"', type: 'text' }] }));
  const host = await ok(
    admin.post('/api/v1/configuration-items', {
      name: 'db-01 ☃',
      class: 'linux_server',
      locationId: rack.id,
      rackPosition: 12,
      ownerId: person.id,
      supportGroupId: team.id,
      tags: ['prod'],
      attributes: { cpuCores: 16, kernel: '6.8 "noble"' },
      serialNumber: 'SN-1',
    }),
  );
  const service = await ok(admin.post('/api/v1/configuration-items', { name: 'Payroll — «core»', class: 'business_service', criticality: 'critical', attributes: { businessOwner: manager.id } }));
  await ok(admin.post('/api/v1/relationships', { sourceId: service.key, type: 'depends_on', targetId: host.key }));
  await ok(admin.post('/api/v1/tickets', { type: 'incident', title: 'Payroll slow', affectedCis: [service.key, host.key] }));
  // Assets: purchase data, a lifecycle move with a note, a custody history (out to a person and back, out to a location).
  const laptop = await ok(
    admin.post('/api/v1/configuration-items', {
      name: 'Laptop «Ärger»', class: 'laptop', assetTag: 'AST-Ü1', assetState: 'received',
      financial: { vendor: 'Händler "Nord" GmbH', purchaseDate: '2024-02-29', purchaseCost: 149_995, currency: 'CHF', salvageValue: 10_000, inServiceDate: '2024-03-01', depreciationMethod: 'declining_balance', decliningBalanceRate: 0.3333, costCentre: 'KST 4711' },
    }),
  );
  const stocked = await ok(admin.post(`/api/v1/configuration-items/${laptop.key}/lifecycle`, { version: laptop.version, state: 'in_stock', note: 'Geprüft\nOK' }), 200);
  const lent = await ok(admin.post(`/api/v1/configuration-items/${laptop.key}/check-out`, { version: stocked.version, userId: person.id, dueBack: '2099-12-31', note: 'Leihgabe «kurz»' }), 200);
  const back = await ok(admin.post(`/api/v1/configuration-items/${laptop.key}/check-in`, { version: lent.version, note: 'Zurück' }), 200);
  const shelf = await ok(admin.post('/api/v1/locations', { kind: 'site', name: 'Lager «Süd»' }));
  await ok(admin.post(`/api/v1/configuration-items/${laptop.key}/check-out`, { version: back.version, locationId: shelf.id }), 200);
  // Software and licences: an alias, an installation, a licence assigned to a person, a usage peak.
  await ok(admin.post('/api/v1/software-aliases', { publisher: 'Zürich Soft*', name: 'ZS «Suite»*', toName: 'ZS Suite' }));
  const installation = await ok(admin.post(`/api/v1/configuration-items/${host.key}/software`, { name: 'ZS «Suite» 2024 (x64)', publisher: 'Zürich Soft AG', softwareVersion: '24.1', installDate: '2024-02-29' }));
  const licence = await ok(
    admin.post('/api/v1/licences', { name: 'ZS "Suite" — users', titleId: installation.title.id, metric: 'per_user', quantity: 3, unitCost: 99_950, currency: 'CHF', termStart: '2026-01-01', termEnd: '2026-12-31', notes: 'Zeile 1\nZeile 2' }),
  );
  await ok(admin.post(`/api/v1/licences/${licence.id}/assignments`, { userId: person.id }));
  await ok(admin.post(`/api/v1/software/${installation.title.id}/usage-peaks`, { date: '2026-03-29', peak: 2 }));
  // An import: the upload with its preview, then a run queued (no worker here) with a mapping and options.
  const csv = 'Name;Class;Notes\r\n"Drucker ""Süd""";printer;Zeile 1\r\n';
  const upload = await ok(admin.request({ method: 'POST', url: '/api/v1/imports', ...multipart({ fileName: 'Geräte «Süd».csv', contentType: 'text/csv', content: csv }, { kind: 'configuration_items' }) }));
  await ok(admin.post(`/api/v1/imports/${upload.id}/run`, { mode: 'dry_run', options: { dateFormat: 'dmy', decimalSeparator: ',' } }), 202);
}

beforeAll(async () => {
  dir = workDir();
  t = await makeTestApp();
  await populate(t);
  source = path.join(dir, 'source.jsonl.gz');
  await exportData(t.database, source, { batchSize: 4 });
}, 120_000);

afterAll(async () => {
  for (const db of opened) await db.close();
  await t?.close();
  await dropFreshPostgres();
  rmSync(dir, { recursive: true, force: true });
});

describe('export', () => {
  it('writes a versioned header and every table, with exact values', async () => {
    const dump = readDump(source);
    expect(dump.header).toMatchObject({ format: 'steward-export', formatVersion: 1, schemaVersion: await schemaVersion(t.database) });
    const listed = dump.header.tables as { name: string; rows: number }[];
    expect(listed.map((x) => x.name).sort()).toEqual([...tables].sort());
    for (const table of tables) expect(listed.find((x) => x.name === table)!.rows, table).toBeGreaterThan(0);
    expect(dump.rows.length).toBe(listed.reduce((n, x) => n + x.rows, 0));
    const order = dump.rows.map((l) => (JSON.parse(l) as { t: string }).t);
    expect(order.indexOf('users')).toBeLessThan(order.indexOf('memberships'));
    expect(order.indexOf('events')).toBeLessThan(order.indexOf('event_deliveries'));
    const text = dump.rows.join('\n');
    expect(text).toContain('"created_at":"2026-03-29T00:30:00.123456Z"'); // microseconds kept, in UTC
    expect(text).toContain('"tx_horizon":"9007199254740993"');
    expect(text).toContain('"scopes":["people:read"]');
    expect(text).toContain('Analyst\\nline two\\t\\"quoted\\"');
  });
});

describe('round trip', () => {
  it.skipIf(!pgUp)(
    `source → fresh PostgreSQL → fresh PGlite gives identical dumps${pgUp ? '' : ` (skipped: no PostgreSQL answers at ${postgresAdminUrl})`}`,
    async () => {
      const viaPg = path.join(dir, 'via-postgres.jsonl.gz');
      const pgTarget = await track(freshPostgres());
      await importData(pgTarget, source, { batchSize: 3 });
      await exportData(pgTarget, viaPg, { batchSize: 2 });
      expect(await verifyAuditChain(pgTarget.db)).toMatchObject({ ok: true });
      expect(await signInStatus(pgTarget, person.email, personPassword)).toBe(200);

      const viaPglite = path.join(dir, 'via-pglite.jsonl.gz');
      const pgliteTarget = await track(freshPglite());
      await importData(pgliteTarget, viaPg);
      await exportData(pgliteTarget, viaPglite);
      expect(await verifyAuditChain(pgliteTarget.db)).toMatchObject({ ok: true });
      expect(await signInStatus(pgliteTarget, adminEmail, adminPassword)).toBe(200);

      const [a, b, c] = [source, viaPg, viaPglite].map(readDump);
      expect(b!.header.tables).toEqual(a!.header.tables);
      expect(c!.header.tables).toEqual(a!.header.tables);
      expect(b!.rows).toEqual(a!.rows);
      expect(c!.rows).toEqual(a!.rows);
    },
    180_000,
  );

  it('source → fresh PGlite gives an identical dump, a valid chain and working sign-in', async () => {
    const copy = path.join(dir, 'pglite-copy.jsonl.gz');
    const target = await track(freshPglite());
    const progress: number[] = [];
    const summary = await importData(target, source, { onProgress: (p) => progress.push(p.done) });
    expect(progress.at(-1)).toBe(summary.rows);
    await exportData(target, copy);
    expect(readDump(copy).rows).toEqual(readDump(source).rows);
    expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true });
    // Signing in appends an audit row and an event: that works only if sequences moved past the imported keys.
    expect(await signInStatus(target, person.email, personPassword)).toBe(200);
    expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true, checked: readDump(source).rows.filter((l) => l.startsWith('{"t":"audit_events"')).length + 1 });
  }, 120_000);
});

describe('import refuses', () => {
  let target: Database;
  beforeAll(async () => {
    target = await track(freshPglite());
  }, 60_000);

  it('a database that already holds data, and changes nothing', async () => {
    const before = path.join(dir, 'before.jsonl.gz');
    const after = path.join(dir, 'after.jsonl.gz');
    await exportData(t.database, before);
    await expect(importData(t.database, source)).rejects.toThrow(/already holds data: .*users \(\d+ rows?\)/);
    await exportData(t.database, after);
    expect(readDump(after).rows).toEqual(readDump(before).rows);
  });

  it('another format version or schema version, naming both', async () => {
    const wrongFormat = rewriteDump(source, path.join(dir, 'format.jsonl.gz'), (s) => s.replace('"formatVersion":1', '"formatVersion":2'));
    await expect(importData(target, wrongFormat)).rejects.toThrow(/format version 2; this Steward reads version 1/);
    const current = await schemaVersion(target);
    const wrongSchema = rewriteDump(source, path.join(dir, 'schema.jsonl.gz'), (s) => s.replace(`"schemaVersion":"${current}"`, '"schemaVersion":"0000_older"'));
    await expect(importData(target, wrongSchema)).rejects.toThrow(new RegExp(`schema version 0000_older, but this Steward is at ${current}`));
    expect(await dataRowCount(target, tables)).toBe(0);
  });

  it('a truncated or corrupt file, leaving the target empty', async () => {
    const cut = path.join(dir, 'cut.jsonl.gz');
    const bytes = readFileSync(source);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    await expect(importData(target, cut)).rejects.toThrow(/truncated or not a gzip'd Steward export/);
    expect(await dataRowCount(target, tables)).toBe(0);

    const short = rewriteDump(source, path.join(dir, 'short.jsonl.gz'), (s) => s.split('\n').slice(0, -4).join('\n'));
    await expect(importData(target, short)).rejects.toThrow(/truncated or damaged/);
    expect(await dataRowCount(target, tables)).toBe(0);

    const garbled = rewriteDump(source, path.join(dir, 'garbled.jsonl.gz'), (s) => {
      const lines = s.split('\n');
      lines[lines.length - 3] = '{"t":"team_members","r":{';
      return lines.join('\n');
    });
    await expect(importData(target, garbled)).rejects.toThrow(/not valid JSON/);
    expect(await dataRowCount(target, tables)).toBe(0);

    // After all those failures the same target still takes the good file.
    await importData(target, source);
    expect(await dataRowCount(target, tables)).toBe(readDump(source).rows.length);
  }, 60_000);
});
