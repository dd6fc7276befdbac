import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';
import { eq } from 'drizzle-orm';
import { verifyAuditChain } from '../../platform/audit/verify.ts';
import { assetStateChanges } from '../cmdb/asset-schema.ts';
import type { JobRuntime } from '../../platform/jobs/runtime.ts';
import { csvOf, ended, run, startImportWorker, upload } from './import-fixture.ts';

let t: TestApp;
let admin: Caller;
let agent: Caller;
let reader: Caller;
let jobs: JobRuntime;
let owner: { id: string; email: string };
let agentPerson: { id: string; email: string };

const header = ['Hostname', 'Class', 'Status', 'Environment', 'Owner', 'Support team', 'Location', 'Asset tag', 'Serial No.', 'Tags', 'CPU cores', 'Memory (GB)', 'Operating system', 'Notes'];

function rows(badRow: boolean): (string | number)[][] {
  return [
    ['imp-web-01', 'Server', 'active', 'production', owner.email, 'Platform', 'Berlin / HQ', 'AST-1001', 'SN-1001', 'web; dmz', 16, '64', 'Ubuntu', ''],
    ['imp-web-02', 'server', 'Active', 'Production', owner.email, 'platform', 'HQ', 'AST-1002', 'SN-1002', 'web', 8, '32', 'Ubuntu', 'Second "web" node'],
    badRow
      ? ['imp-db-01', 'server', 'active', 'prod', 'nobody@example.test', 'Platform', 'Berlin / HQ', 'AST-1003', 'SN-1003', 'db', 'many', '128', 'RHEL', '']
      : ['imp-db-01', 'server', 'active', 'production', owner.email, 'Platform', 'Berlin / HQ', 'AST-1003', 'SN-1003', 'db', 32, '128', 'RHEL', ''],
    ['Payroll', 'business_service', 'active', 'production', '', '', '', '', '', 'finance', '', '', '', 'Runs the payroll'],
  ];
}

const count = async (q: string) => (await agent.get(`/api/v1/configuration-items?q=${q}&limit=200`)).json().items.length as number;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  const a = await t.makePerson({ name: 'Ida Importer' });
  agentPerson = a;
  agent = await t.login(a.email, a.password);
  const r = await t.makePerson({ role: 'read-only' });
  reader = await t.login(r.email, r.password);
  owner = await t.makePerson({ name: 'Olga Owner', email: 'olga.owner@example.test' });
  const site = (await admin.post('/api/v1/locations', { kind: 'site', name: 'Berlin' })).json();
  await admin.post('/api/v1/locations', { kind: 'building', name: 'HQ', parentId: site.id });
  await admin.post('/api/v1/teams', { name: 'Platform' });
  jobs = await startImportWorker(t);
}, 60_000);
afterAll(async () => {
  await jobs.stop(5000);
  await t.close();
});

describe('CSV import of configuration items', () => {
  it('previews, dry-runs a bad row writing nothing, applies the fixed file, and re-runs as all unchanged', { timeout: 120_000 }, async () => {
    const bad = await upload(agent, csvOf([header, ...rows(true)]), 'estate.csv');
    expect(bad.statusCode, bad.body).toBe(201);
    const created = bad.json();
    expect(created).toMatchObject({ kind: 'configuration_items', status: 'uploaded', mode: null, file: { name: 'estate.csv' }, createdBy: { name: 'Ida Importer' } });
    expect(created.preview).toMatchObject({ delimiter: ',', headers: header, missingRequired: ['name'], unmappedHeaders: [] });
    expect(created.preview.suggestedMapping).toMatchObject({
      Hostname: 'attr_hostname',
      Class: 'class',
      'Support team': 'supportGroup',
      'Serial No.': 'serialNumber',
      'CPU cores': 'attr_cpuCores',
      'Memory (GB)': 'attr_memoryGb',
      'Operating system': 'attr_os',
      Notes: 'description',
    });
    expect(created.preview.sampleRows).toHaveLength(4);
    expect(created.preview.fields.map((f: { key: string }) => f.key)).toContain('attr_hostname');

    // Without a name column the mapping is refused at once, naming what is missing.
    const noName = await agent.post(`/api/v1/imports/${created.id}/run`, { mode: 'dry_run' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().errors).toContainEqual({ field: 'mapping', message: 'the required field Name (name) has no column' });
    const wrong = await agent.post(`/api/v1/imports/${created.id}/run`, { mode: 'dry_run', mapping: { Hostname: 'name', Nope: 'status', Notes: 'colour' } });
    expect(wrong.statusCode).toBe(400);
    // Columns left out of a mapping are not imported, so the class is missing too.
    expect(wrong.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['mapping', 'mapping.Nope', 'mapping.Notes']);

    const mapping = { ...created.preview.suggestedMapping, Hostname: 'name' };
    const dry = await run(agent, created.id, { mode: 'dry_run', mapping });
    expect(dry).toMatchObject({ status: 'succeeded', mode: 'dry_run', progress: { rowsRead: 4, valid: 3, invalid: 1, created: 0, percent: 100 }, startedBy: { name: 'Ida Importer' } });
    expect(dry.report!.summary).toMatch(/Dry run: 4 rows checked; 3 would be imported/);
    const problems = dry.report!.errors.map((e: { line: number; column?: string; message: string }) => `${e.line} ${e.column}: ${e.message}`);
    // Cells of the item's own fields are read first; a row that fails there is not looked up further.
    expect(problems).toEqual(['4 Environment: "prod" is not one of production, staging, test, development']);
    expect(await count('imp-')).toBe(0);
    const rejected = await agent.get(dry.rejectedRowsUrl!);
    expect(rejected.statusCode).toBe(200);
    expect(rejected.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(rejected.headers['content-disposition']).toContain('estate-rejected.csv');
    const lines = rejected.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(`error,${header.join(',')}`);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('"Environment: ""prod"" is not one of production, staging, test, development",imp-db-01,server,active,prod,nobody@example.test,Platform,Berlin / HQ,AST-1003,SN-1003,db,many,128,RHEL,');

    // Then the row is checked against the organisation and the class: every problem of that step at once.
    const halfFixed = await upload(agent, csvOf([header, ...rows(true).map((r) => r.map((c) => (c === 'prod' ? 'production' : c)))]));
    const second = await run(agent, halfFixed.json().id, { mode: 'dry_run', mapping });
    expect(second.report!.errors).toEqual([
      { line: 4, column: 'Owner', field: 'owner', message: 'no person of this organisation has the e-mail nobody@example.test' },
      { line: 4, column: 'CPU cores', field: 'attr_cpuCores', message: '"many" is not a number written like 1,234' },
    ]);

    const fixed = (await upload(agent, csvOf([header, ...rows(false)]), 'estate-fixed.csv')).json();
    const applied = await run(agent, fixed.id, { mode: 'apply', mapping });
    expect(applied).toMatchObject({ status: 'succeeded', mode: 'apply', progress: { rowsRead: 4, valid: 4, invalid: 0, created: 4, updated: 0, unchanged: 0 }, rejectedRowsUrl: null });
    expect(applied.report!.summary).toBe('4 rows read: 4 created, 0 updated, 0 unchanged; no row had errors.');
    const web = (await agent.get('/api/v1/configuration-items?q=AST-1001')).json().items[0];
    expect(web).toMatchObject({
      name: 'imp-web-01',
      class: { key: 'server' },
      status: 'active',
      environment: 'production',
      owner: { email: owner.email },
      supportGroup: { name: 'Platform' },
      location: { path: 'Berlin / HQ' },
      assetTag: 'AST-1001',
      serialNumber: 'SN-1001',
      assetState: 'in_stock',
      tags: ['web', 'dmz'],
      attributes: { cpuCores: 16, memoryGb: 64, os: 'Ubuntu' },
    });
    const history = (await agent.get(`/api/v1/configuration-items/${web.key}/history`)).json().items;
    expect(history[0]).toMatchObject({ action: 'created', actor: { id: agentPerson.id } });
    // A new asset's lifecycle starts with the state it was registered in, as through the API.
    const states = await t.database.db.select().from(assetStateChanges).where(eq(assetStateChanges.ciId, web.id));
    expect(states).toMatchObject([{ fromState: null, toState: 'in_stock', actorId: agentPerson.id }]);
    expect((await agent.get('/api/v1/configuration-items?q=Payroll')).json().items[0]).toMatchObject({ class: { key: 'business_service' }, description: 'Runs the payroll', tags: ['finance'] });

    const again = await run(agent, fixed.id, { mode: 'apply' });
    expect(again.progress).toMatchObject({ rowsRead: 4, created: 0, updated: 0, unchanged: 4 });
    expect(again.mapping).toEqual(mapping);
    expect((await agent.get(`/api/v1/configuration-items/${web.key}`)).json().version).toBe(1);

    // A changed cell updates just that item, matched by its asset tag, and the history names the change.
    const changed = rows(false);
    changed[0]![11] = '128';
    const third = await run(agent, (await upload(agent, csvOf([header, ...changed]))).json().id, { mode: 'apply', mapping });
    expect(third.progress).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    const latest = (await agent.get(`/api/v1/configuration-items/${web.key}/history`)).json().items[0];
    expect(latest).toMatchObject({ action: 'updated', changes: { attributes: { from: { cpuCores: 16, memoryGb: 64, os: 'Ubuntu' }, to: { cpuCores: 16, memoryGb: 128, os: 'Ubuntu' } } } });
    // A batch's audit rows are written in one chained insert: the chain still verifies.
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
  });

  it('matches by serial number, then by name within the class, and never half-applies a row', { timeout: 60_000 }, async () => {
    const item = (await agent.post('/api/v1/configuration-items', { name: 'match-me', class: 'laptop', serialNumber: 'SER-77' })).json();
    const named = (await agent.post('/api/v1/configuration-items', { name: 'Mail', class: 'application' })).json();
    const csv = csvOf([
      ['Name', 'Class', 'Asset tag', 'Serial number', 'Model', 'Type'],
      ['renamed-by-import', 'laptop', 'AST-77', 'ser-77', 'X1 Carbon', ''],
      ['mail', 'Application', '', '', '', 'saas'],
      ['fresh-app', 'application', 'AST-9', '', '', ''],
      ['renamed-by-import', 'laptop', '', 'SER-77', '', ''],
    ]);
    const done = await run(agent, (await upload(agent, csv)).json().id, { mode: 'apply' });
    expect(done.progress).toMatchObject({ rowsRead: 4, created: 0, updated: 2, invalid: 2 });
    expect(done.report!.errors).toEqual([
      { line: 4, column: 'Asset tag', field: 'assetTag', message: 'applies only to asset classes; Application is not one' },
      { line: 5, message: `is the same item (${item.key}) as line 2` },
    ]);
    expect((await agent.get(`/api/v1/configuration-items/${item.key}`)).json()).toMatchObject({ name: 'renamed-by-import', assetTag: 'AST-77', serialNumber: 'ser-77', attributes: { model: 'X1 Carbon' } });
    expect((await agent.get(`/api/v1/configuration-items/${named.key}`)).json()).toMatchObject({ name: 'mail', attributes: { applicationType: 'saas' } });
    expect(await count('fresh-app')).toBe(0);
  });

  it('queues, refuses a second run while queued, cancels, and checks who may do what', { timeout: 60_000 }, async () => {
    const id = (await upload(agent, csvOf([['Name', 'Class'], ['queued-one', 'server']]))).json().id;
    t.app.jobQueue.attach(undefined);
    try {
      expect((await agent.post(`/api/v1/imports/${id}/run`, { mode: 'apply' })).json().status).toBe('queued');
      const busy = await agent.post(`/api/v1/imports/${id}/run`, { mode: 'dry_run' });
      expect(busy.statusCode).toBe(409);
      expect(busy.json().code).toBe('IMPORT_BUSY');
      const cancelled = await agent.post(`/api/v1/imports/${id}/cancel`);
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', failure: 'Cancelled before it started; nothing was written' });
      expect((await agent.post(`/api/v1/imports/${id}/cancel`)).statusCode).toBe(409);
    } finally {
      t.app.jobQueue.attach(jobs);
    }
    expect(await count('queued-one')).toBe(0);
    expect((await reader.get(`/api/v1/imports/${id}`)).statusCode).toBe(200);
    expect((await reader.get('/api/v1/imports')).json().items.map((i: { id: string }) => i.id)).toContain(id);
    expect((await reader.post(`/api/v1/imports/${id}/run`, { mode: 'dry_run' })).statusCode).toBe(403);
    expect((await upload(reader, 'Name,Class\r\nx,server\r\n')).statusCode).toBe(403);
    expect((await agent.get(`/api/v1/imports/${id}/rejected.csv`)).statusCode).toBe(404);
  });

  it('refuses files that are not CSV text, empty files and uploads without a kind', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('[Content_Types].xml'), Buffer.alloc(200)]);
    const spreadsheet = await upload(agent, xlsx, 'estate.xlsx');
    expect([415, 400]).toContain(spreadsheet.statusCode);
    const empty = await upload(agent, '', 'empty.csv');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('file');
    const noKind = await upload(agent, 'Name,Class\r\nx,server\r\n', 'a.csv', {});
    expect(noKind.statusCode).toBe(400);
    expect(noKind.json().errors).toContainEqual(expect.objectContaining({ field: 'kind' }));
    const list = (await agent.get('/api/v1/imports?limit=200')).json();
    expect(list.items.every((i: { file: { name: string } }) => i.file.name !== 'empty.csv')).toBe(true);
  });

  it('shows progress while it runs and stops after the batch in hand when cancelled', { timeout: 120_000 }, async () => {
    const many = csvOf([['Name', 'Class', 'Serial number'], ...Array.from({ length: 6000 }, (_, i) => [`bulk-${i}`, 'desktop', `BULK-${i}`])]);
    const id = (await upload(agent, many, 'bulk.csv')).json().id;
    expect((await agent.post(`/api/v1/imports/${id}/run`, { mode: 'apply' })).statusCode).toBe(202);
    let seen: any;
    for (let i = 0; i < 600; i++) {
      seen = (await agent.get(`/api/v1/imports/${id}`)).json();
      if (seen.status === 'running' && seen.progress?.rowsRead > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen.status).toBe('running');
    expect(seen.progress.percent).toBeLessThan(100);
    const asked = await agent.post(`/api/v1/imports/${id}/cancel`);
    expect(asked.json()).toMatchObject({ cancelRequested: true });
    const end = await ended(agent, id);
    expect(end.status).toBe('cancelled');
    expect(end.failure).toMatch(/^Cancelled after [\d,]+ rows; the [\d,]+ rows written stay written/);
    expect(end.progress!.created).toBeGreaterThan(0);
    expect(end.progress!.created).toBeLessThan(6000);
    const finish = await run(agent, id, { mode: 'apply' });
    expect(finish.progress!.created + finish.progress!.unchanged).toBe(6000);
    expect(finish.progress!.unchanged).toBe(end.progress!.created);
  });
});
