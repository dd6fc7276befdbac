import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';
import { renderAssetLabels } from './labels.ts';
import { seedCis } from './seed-cis.ts';

let t: TestApp;
let admin: Caller;
let reader: Caller;
const batch: { key: string; name: string; assetTag: string | null; serialNumber: string | null }[] = [];

beforeAll(async () => {
  t = await makeTestApp({ STEWARD_PUBLIC_URL: 'https://steward.example.org/' });
  admin = await t.admin();
  const r = await t.makePerson({ role: 'read-only' });
  reader = await t.login(r.email, r.password);
  for (let i = 1; i <= 25; i++) {
    const body = { name: `Label laptop ${String(i).padStart(2, '0')}`, class: 'laptop', tags: ['label-batch'], serialNumber: `SN-LBL-${i}`, ...(i === 25 ? {} : { assetTag: `LBL-${i}` }) };
    const res = await admin.post('/api/v1/configuration-items', body);
    expect(res.statusCode, res.body).toBe(201);
    batch.push(res.json());
  }
});
afterAll(() => t.close());

const pages = async (body: Buffer) => (await PDFDocument.load(body)).getPageCount();

describe('GET /api/v1/configuration-items/labels.pdf', () => {
  it('prints the items the list filters pick, several per sheet, in the chosen layout', async () => {
    const res = await reader.get('/api/v1/configuration-items/labels.pdf?tag=label-batch');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-label-count']).toBe('25');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pages(res.rawPayload)).toBe(2); // 21 per A4 sheet
    expect(await pages((await reader.get('/api/v1/configuration-items/labels.pdf?tag=label-batch&layout=avery-5160')).rawPayload)).toBe(1);
    expect(await pages((await reader.get('/api/v1/configuration-items/labels.pdf?tag=label-batch&class=laptop&layout=roll-62x29')).rawPayload)).toBe(25);
  });

  it("prints named items in the order named, each QR code holding the item's page at the public address", async () => {
    const [a, b, untagged] = [batch[3]!, batch[0]!, batch[24]!];
    const res = await reader.get(`/api/v1/configuration-items/labels.pdf?layout=roll-62x29&ids=${a.key},${b.key.toLowerCase()},${untagged.key}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const [org] = await t.database.query<{ name: string }>('SELECT name FROM organisations WHERE id = $1', [t.orgId]);
    const expected = await renderAssetLabels(
      [a, b, untagged].map((ci) => ({ tag: ci.assetTag ?? ci.key, name: ci.name, serial: ci.serialNumber, qrContent: `https://steward.example.org/cmdb/${ci.key}`, orgName: org!.name })),
      { layout: 'roll-62x29' },
    );
    expect(Buffer.compare(res.rawPayload, Buffer.from(expected))).toBe(0);
    expect(await pages(res.rawPayload)).toBe(3);
  });

  it('refuses a bad layout, unknown items, ids with filters, nothing to print and more than 1,000 labels', async () => {
    const layout = await reader.get('/api/v1/configuration-items/labels.pdf?tag=label-batch&layout=a4');
    expect(layout.statusCode).toBe(400);
    expect(layout.headers['content-type']).toContain('application/problem+json');
    expect(layout.json().errors[0].field).toBe('layout');
    const unknown = await reader.get(`/api/v1/configuration-items/labels.pdf?ids=${batch[0]!.key},CI-999999,nonsense`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'ids', message: 'CI-999999, nonsense: not configuration items of this organisation' }]);
    const mixed = await reader.get(`/api/v1/configuration-items/labels.pdf?ids=${batch[0]!.key}&class=laptop`);
    expect(mixed.json().errors[0].field).toBe('ids');
    const none = await reader.get('/api/v1/configuration-items/labels.pdf?tag=no-such-tag');
    expect(none.statusCode).toBe(400);
    expect(none.json().detail).toContain('nothing to print');
    const unknownParam = await reader.get('/api/v1/configuration-items/labels.pdf?colour=red');
    expect(unknownParam.json().errors[0].field).toBe('colour');

    await seedCis(t.database.db, { orgId: t.orgId, count: 1000, relationships: 0, batchSize: 1000 });
    const tooMany = await reader.get('/api/v1/configuration-items/labels.pdf');
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().detail).toContain('more than 1,000');
    const requester = await t.makePerson({ role: 'requester' });
    expect((await (await t.login(requester.email, requester.password)).get('/api/v1/configuration-items/labels.pdf?tag=label-batch')).statusCode).toBe(403);
  });
});
