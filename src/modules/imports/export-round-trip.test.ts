import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';
import type { JobRuntime } from '../../platform/jobs/runtime.ts';
import { run, startImportWorker, upload } from './import-fixture.ts';

let t: TestApp;
let admin: Caller;
let jobs: JobRuntime;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  jobs = await startImportWorker(t);
  const owner = await t.makePerson({ name: 'Rita Roundtrip', email: 'rita@example.test' });
  const team = (await admin.post('/api/v1/teams', { name: 'Ops «Nord»' })).json();
  const site = (await admin.post('/api/v1/locations', { kind: 'site', name: 'Zürich' })).json();
  const room = (await admin.post('/api/v1/locations', { kind: 'room', name: 'Raum 1, "Keller"', parentId: site.id })).json();
  const host = (
    await admin.post('/api/v1/configuration-items', {
      name: 'rt-host-01',
      class: 'server',
      status: 'maintenance',
      environment: 'staging',
      hosting: 'on_site',
      criticality: 'high',
      description: 'Line one\nLine two, with "quotes"; and a semicolon',
      tags: ['rack-4', 'zürich'],
      ownerId: owner.id,
      supportGroupId: team.id,
      locationId: room.id,
      assetTag: 'RT-1',
      serialNumber: 'SN-RT-1',
      attributes: { cpuCores: 8, memoryGb: 12.5, os: '=cmd|" /C calc"!A0', formFactor: 'rack' },
    })
  ).json();
  await admin.post('/api/v1/configuration-items', {
    name: 'rt-service',
    class: 'business_service',
    criticality: 'critical',
    attributes: { businessOwner: owner.id, customerFacing: true, availabilityTarget: 99.9 },
  });
  await admin.post('/api/v1/configuration-items', { name: 'rt-app', class: 'application', attributes: { vendor: '-Minus Corp', applicationType: 'web' } });
  expect(host.key).toMatch(/^CI-/);
});
afterAll(async () => {
  await jobs.stop(5000);
  await t.close();
});

describe('CSV export of configuration items', () => {
  it('streams every match of the list filters in the import columns, formula-safe, and imports back unchanged', { timeout: 60_000 }, async () => {
    const res = await admin.get('/api/v1/configuration-items/export.csv?q=rt-');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="configuration-items-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body.startsWith('\uFEFFName,Class,Status,Environment,Hosting,Criticality,Description,Tags,Owner,Support group,Location,Asset tag,Serial number,')).toBe(true);
    expect(res.body).toContain(`rt-host-01,server,maintenance,staging,on_site,high,"Line one\nLine two, with ""quotes""; and a semicolon","rack-4; zürich",rita@example.test,Ops «Nord»,"Zürich / Raum 1, ""Keller""",RT-1,SN-RT-1`);
    // A value a spreadsheet would run as a formula is written as text.
    expect(res.body).toContain(`'=cmd|"" /C calc""!A0`);
    expect(res.body).toContain("'-Minus Corp");
    expect(res.body.split('\r\n').filter(Boolean)).toHaveLength(4);

    const byClass = await admin.get('/api/v1/configuration-items/export.csv?class=server&delimiter=semicolon');
    const head = byClass.body.replace(/^\uFEFF/, '').split('\r\n')[0]!;
    expect(head).toBe('Name;Class;Status;Environment;Hosting;Criticality;Description;Tags;Owner;Support group;Location;Asset tag;Serial number;Host name;IP address;MAC address;CPU cores;Memory (GB);Operating system;OS version;Manufacturer;Model;Form factor');
    expect((await admin.get('/api/v1/configuration-items/export.csv?colour=red')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/configuration-items/export.csv?attr.cpuCores=8')).json().errors).toEqual([{ field: 'attr.cpuCores', message: 'needs a class: name one with class=' }]);
    expect((await admin.get('/api/v1/configuration-items/export.csv?class=server&attr.cpuCores=8')).body).toContain('rt-host-01');

    const back = await upload(admin, res.rawPayload, 'export.csv');
    expect(back.statusCode, back.body).toBe(201);
    expect(back.json().preview).toMatchObject({ missingRequired: [], unmappedHeaders: [] });
    const dry = await run(admin, back.json().id, { mode: 'dry_run' });
    expect(dry.report!.errors).toEqual([]);
    const applied = await run(admin, back.json().id, { mode: 'apply' });
    expect(applied.progress).toMatchObject({ rowsRead: 3, created: 0, updated: 0, unchanged: 3, invalid: 0 });
    const semicolons = await upload(admin, byClass.rawPayload, 'servers.csv');
    expect((await run(admin, semicolons.json().id, { mode: 'apply' })).progress).toMatchObject({ rowsRead: 1, unchanged: 1 });
  });

  it('needs cmdb:read', async () => {
    const requester = await t.makePerson({ role: 'requester' });
    const caller = await t.login(requester.email, requester.password);
    expect((await caller.get('/api/v1/configuration-items/export.csv')).statusCode).toBe(403);
  });
});
