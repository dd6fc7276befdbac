import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let admin: Caller;
let agentToken: Caller;
let readerToken: Caller;

const report = (overrides: Record<string, unknown> = {}) => ({
  hostname: 'inv-app-01.example.test',
  serialNumber: 'VMW-4C4C-4544',
  manufacturer: 'Dell Inc.',
  model: 'PowerEdge R650',
  cpuModel: 'Intel Xeon Gold 6338',
  cpuCores: 32,
  memoryGb: 256,
  os: { name: 'Ubuntu', version: '24.04' },
  networkInterfaces: [
    { name: 'lo', macAddress: '00:00:00:00:00:00', ipAddresses: ['127.0.0.1', '::1'] },
    { name: 'eno1', macAddress: '3C:52:82:1A:2B:3C', ipAddresses: ['fe80::3e52:82ff:fe1a:2b3c', '10.20.0.15'] },
  ],
  software: [
    { name: 'nginx', publisher: 'Ubuntu Developers', version: '1.24.0-2ubuntu7', installDate: '2025-01-10' },
    { name: 'postgresql-16', publisher: 'Ubuntu Developers', version: '16.4-0ubuntu0.24.04.2' },
  ],
  ...overrides,
});

const itemCount = async () => (await admin.get('/api/v1/configuration-items?q=inv-&limit=200')).json().items.length as number;

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  const inventory = (await admin.post('/api/v1/api-tokens', { name: 'Discovery agent', scopes: ['inventory:write'] })).json();
  agentToken = t.bearer(inventory.token);
  const narrow = (await admin.post('/api/v1/api-tokens', { name: 'Reader', scopes: ['cmdb:read'] })).json();
  readerToken = t.bearer(narrow.token);
});
afterAll(() => t.close());

describe('POST /api/v1/inventory', () => {
  it('creates the host with its facts and software, then updates it by serial number, and leaves an unchanged host alone', async () => {
    const first = await agentToken.post('/api/v1/inventory', report());
    expect(first.statusCode, first.body).toBe(201);
    const created = first.json();
    expect(created).toMatchObject({
      outcome: 'created',
      matchedBy: null,
      item: {
        name: 'inv-app-01.example.test',
        class: { key: 'server' },
        serialNumber: 'VMW-4C4C-4544',
        attributes: {
          hostname: 'inv-app-01.example.test',
          ipAddress: '10.20.0.15',
          macAddress: '3c:52:82:1a:2b:3c',
          cpuCores: 32,
          memoryGb: 256,
          os: 'Ubuntu',
          osVersion: '24.04',
          manufacturer: 'Dell Inc.',
          model: 'PowerEdge R650',
        },
      },
      software: { added: 2, updated: 0, unchanged: 0, removed: 0 },
    });
    const key = created.item.key;
    const history = (await admin.get(`/api/v1/configuration-items/${key}/history`)).json().items;
    expect(history.at(-1)).toMatchObject({ action: 'created', actor: { label: expect.stringContaining('') } });

    const second = await agentToken.post(
      '/api/v1/inventory',
      report({ hostname: 'inv-app-01-renamed', memoryGb: 512, software: [{ name: 'nginx', publisher: 'Ubuntu Developers', version: '1.26.0-1' }] }),
    );
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({
      outcome: 'updated',
      matchedBy: 'serialNumber',
      item: { key, name: 'inv-app-01.example.test', version: 2, attributes: { memoryGb: 512, hostname: 'inv-app-01-renamed' } },
      software: { added: 1, removed: 2 },
    });
    const installed = (await admin.get(`/api/v1/configuration-items/${key}/software`)).json().items;
    expect(installed.map((i: { rawVersion?: string; name?: string }) => i.name ?? i.rawVersion)).toHaveLength(1);

    const third = await agentToken.post('/api/v1/inventory', report({ hostname: 'inv-app-01-renamed', memoryGb: 512, software: undefined }));
    expect(third.statusCode).toBe(200);
    expect(third.json()).toMatchObject({ outcome: 'unchanged', matchedBy: 'serialNumber', item: { version: 2 }, software: null });
  });

  it('finds a host without a serial number by its name or host name attribute, and creates laptops when told', async () => {
    const existing = (await admin.post('/api/v1/configuration-items', { name: 'Payroll VM', class: 'virtual_machine', attributes: { hostname: 'inv-pay-01' } })).json();
    const byAttribute = await agentToken.post('/api/v1/inventory', { hostname: 'INV-PAY-01', os: { name: 'Windows Server', version: '2022' } });
    expect(byAttribute.statusCode, byAttribute.body).toBe(200);
    // The host name attribute is matched as sent or in lower case; the item keeps its name and class.
    expect(byAttribute.json()).toMatchObject({ outcome: 'updated', matchedBy: 'hostname', item: { key: existing.key, name: 'Payroll VM', class: { key: 'virtual_machine' }, attributes: { os: 'Windows Server' } } });

    const laptop = await agentToken.post('/api/v1/inventory', { hostname: 'inv-lt-042', class: 'laptop', serialNumber: 'PF3ABCD', model: 'ThinkPad T14', memoryGb: 32 });
    expect(laptop.statusCode).toBe(201);
    expect(laptop.json().item).toMatchObject({ class: { key: 'laptop' }, serialNumber: 'PF3ABCD', assetState: 'in_stock', attributes: { hostname: 'inv-lt-042', model: 'ThinkPad T14', memoryGb: 32 } });
    const byName = await agentToken.post('/api/v1/inventory', { hostname: 'inv-lt-042', class: 'laptop', memoryGb: 64 });
    expect(byName.json()).toMatchObject({ outcome: 'updated', matchedBy: 'hostname', item: { key: laptop.json().item.key, attributes: { memoryGb: 64 } } });
  });

  it('rejects a report with garbage fields, naming every one, and changes nothing', async () => {
    const before = await itemCount();
    const garbage = await agentToken.post('/api/v1/inventory', {
      ...report({ hostname: 'inv-garbage-01' }),
      cpuCores: -4,
      colour: 'blue',
      os: { name: 'Linux', flavour: 'sid' },
      networkInterfaces: [{ name: 'eth0', macAddress: 'not-a-mac', ipAddresses: ['10.0.0.999'] }],
      software: [{ name: 'ok' }, { name: '', version: 3 }, { name: 'x', installDate: 'yesterday', size: 12 }],
    });
    expect(garbage.statusCode).toBe(400);
    const problems = garbage.json().errors.map((e: { field: string; message: string }) => `${e.field}: ${e.message}`);
    for (const expected of [/^body: .*colour/, /^cpuCores: /, /^networkInterfaces\.0\.ipAddresses\.0: /, /^networkInterfaces\.0\.macAddress: /, /^os: .*flavour/, /^software\.1\.name: /, /^software\.1\.version: /, /^software\.2\.installDate: /, /^software\.2: .*size/]) {
      expect(problems).toContainEqual(expect.stringMatching(expected));
    }
    expect(await itemCount()).toBe(before);

    // Well-formed but not acceptable to the class: refused as a whole too.
    const unknownClass = await agentToken.post('/api/v1/inventory', report({ hostname: 'inv-new-02', serialNumber: 'NEW-2', class: 'toaster' }));
    expect(unknownClass.statusCode).toBe(400);
    expect(unknownClass.json().errors).toEqual([{ field: 'class', message: 'is not a class of this organisation' }]);
    expect(await itemCount()).toBe(before);
  });

  it('needs inventory:write (or cmdb:write)', async () => {
    expect((await readerToken.post('/api/v1/inventory', report({ hostname: 'inv-denied' }))).statusCode).toBe(403);
    expect((await t.anonymous.post('/api/v1/inventory', report({ hostname: 'inv-denied' }))).statusCode).toBe(401);
    const person = await t.makePerson({ role: 'agent' });
    const agent = await t.login(person.email, person.password);
    expect((await agent.post('/api/v1/inventory', report({ hostname: 'inv-by-agent', serialNumber: 'AGENT-1', software: undefined }))).statusCode).toBe(201);
  });
});
