import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminEmail, adminPassword, makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let admin: Caller;

beforeAll(async () => {
  t = await makeTestApp();
  await when('2026-01-15T12:00:00Z');
});
afterAll(() => t.close());

/** Moves the clock and signs in again (a sign-in lapses when the clock jumps months). */
async function when(at: string): Promise<void> {
  t.clock.set(at);
  admin = await t.login(adminEmail, adminPassword);
}

async function make(body: Record<string, unknown>) {
  const res = await admin.post('/api/v1/configuration-items', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const eur = (amount: number) => Math.round(amount * 100);

describe('purchase and financial data', () => {
  it('stores the facet on asset classes, with the refresh date and warranty status worked out', async () => {
    const laptop = await make({
      name: 'ThinkPad X1 #1',
      class: 'laptop',
      assetTag: 'FIN-0001',
      financial: {
        vendor: '  Bechtle AG ',
        orderNumber: 'PO-2023-118',
        invoiceNumber: 'INV-55120',
        purchaseDate: '2023-01-20',
        purchaseCost: 189_900,
        currency: 'EUR',
        warrantyEnd: '2026-02-01',
        inServiceDate: '2023-02-01',
        costCentre: 'CC-4100 Sales',
      },
    });
    expect(laptop.financial).toEqual({
      vendor: 'Bechtle AG',
      orderNumber: 'PO-2023-118',
      invoiceNumber: 'INV-55120',
      purchaseDate: '2023-01-20',
      purchaseCost: 189_900,
      currency: 'EUR',
      warrantyEnd: '2026-02-01',
      inServiceDate: '2023-02-01',
      expectedLifeMonths: null,
      lifeMonths: 48,
      salvageValue: null,
      depreciationMethod: null,
      decliningBalanceRate: null,
      costCentre: 'CC-4100 Sales',
      refreshDue: '2027-02-01',
      warrantyStatus: 'expiring',
    });
    const updated = (
      await admin.patch(`/api/v1/configuration-items/${laptop.key}`, {
        version: laptop.version,
        financial: { expectedLifeMonths: 36, salvageValue: 10_000, depreciationMethod: 'declining_balance', decliningBalanceRate: 0.3, vendor: null },
      })
    ).json();
    expect(updated.financial).toMatchObject({ vendor: null, orderNumber: 'PO-2023-118', expectedLifeMonths: 36, lifeMonths: 36, refreshDue: '2026-02-01', salvageValue: 10_000, decliningBalanceRate: 0.3 });
    const history = (await admin.get(`/api/v1/configuration-items/${laptop.key}/history`)).json();
    expect(history.items[0].changes.financial.to).toMatchObject({ expectedLifeMonths: 36 });
  });

  it('names every problem at once: not an asset class, currency, salvage above cost, rate without its method', async () => {
    const service = await admin.post('/api/v1/configuration-items', { name: 'Payroll', class: 'business_service', financial: { purchaseCost: 1000, currency: 'EUR' } });
    expect(service.statusCode).toBe(400);
    expect(service.json().errors).toEqual([
      { field: 'financial.purchaseCost', message: 'applies only to asset classes; Business service is not one' },
      { field: 'financial.currency', message: 'applies only to asset classes; Business service is not one' },
    ]);
    const format = await admin.post('/api/v1/configuration-items', { name: 'Bad money', class: 'laptop', financial: { purchaseCost: 1000, currency: 'eur', salvageValue: -1, decliningBalanceRate: 1.5 } });
    expect(format.statusCode).toBe(400);
    expect(format.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['financial.currency', 'financial.decliningBalanceRate', 'financial.salvageValue']);
    const unknown = await admin.post('/api/v1/configuration-items', { name: 'Bad money', class: 'laptop', financial: { purchaseCost: 1000, currency: 'ABC' } });
    expect(unknown.json().errors).toEqual([{ field: 'financial.currency', message: 'is not an ISO 4217 currency code' }]);
    const crossField = await admin.post('/api/v1/configuration-items', {
      name: 'Bad terms',
      class: 'laptop',
      financial: { purchaseCost: 100_000, salvageValue: 150_000, decliningBalanceRate: 0.25, purchaseDate: '2025-05-01', warrantyEnd: '2025-04-30' },
    });
    expect(crossField.statusCode).toBe(400);
    expect(crossField.json().errors).toEqual([
      { field: 'financial.currency', message: 'is required with a purchase cost' },
      { field: 'financial.salvageValue', message: 'must not exceed the purchase cost (100000)' },
      { field: 'financial.decliningBalanceRate', message: 'applies only to declining_balance' },
      { field: 'financial.warrantyEnd', message: 'must not be before the purchase date 2025-05-01' },
    ]);
    const [{ n }] = await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM configuration_items WHERE name IN ('Payroll', 'Bad money', 'Bad terms')`);
    expect(n).toBe(0);

    const laptop = await make({ name: 'ThinkPad X1 #2', class: 'laptop', serialNumber: 'SN-FIN-2', financial: { purchaseCost: 120_000, currency: 'EUR', salvageValue: 20_000 } });
    const lower = await admin.patch(`/api/v1/configuration-items/${laptop.key}`, { version: laptop.version, financial: { purchaseCost: 10_000 } });
    expect(lower.statusCode).toBe(400);
    expect(lower.json().errors).toEqual([{ field: 'financial.salvageValue', message: 'must not exceed the purchase cost (10000)' }]);
    const dup = await admin.post('/api/v1/configuration-items', { name: 'Clone', class: 'laptop', serialNumber: 'sn-fin-2' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors).toEqual([{ field: 'serialNumber', message: `is already used by ${laptop.key}` }]);
  });
});

describe('depreciation', () => {
  /** 10,000.00 bought, 1,000.00 salvage, five years from 2021-01-01: the textbook example. */
  const textbook = (method: string, extra: Record<string, unknown> = {}) =>
    make({
      name: `Server ${method}`,
      class: 'server',
      financial: { purchaseCost: eur(10_000), currency: 'EUR', salvageValue: eur(1_000), inServiceDate: '2021-01-01', expectedLifeMonths: 60, depreciationMethod: method, costCentre: 'CC-DEP', ...extra },
    });
  const charges = (report: { schedule: { charge: number }[] }) => report.schedule.map((r) => r.charge / 100);

  it('gives the textbook schedules and book values for each method', async () => {
    const straight = await textbook('straight_line');
    const sl = (await admin.get(`/api/v1/configuration-items/${straight.key}/depreciation?asOf=2022-12-31`)).json();
    expect(charges(sl)).toEqual([1800, 1800, 1800, 1800, 1800]);
    expect(sl).toMatchObject({ currency: 'EUR', cost: 1_000_000, salvageValue: 100_000, method: 'straight_line', lifeMonths: 60, inServiceDate: '2021-01-01', fullyDepreciatedOn: '2025-12-31', bookValue: 640_000, accumulatedDepreciation: 360_000 });
    expect(sl.schedule[0]).toEqual({ period: 1, start: '2021-01-01', end: '2021-12-31', opening: 1_000_000, charge: 180_000, accumulated: 180_000, closing: 820_000 });

    const ddb = await textbook('double_declining_balance');
    const d = (await admin.get(`/api/v1/configuration-items/${ddb.key}/depreciation?asOf=2023-12-31`)).json();
    expect(charges(d)).toEqual([4000, 2400, 1440, 864, 296]);
    expect(d.bookValue).toBe(eur(2160));

    const syd = await textbook('sum_of_years_digits');
    const s = (await admin.get(`/api/v1/configuration-items/${syd.key}/depreciation?asOf=2021-12-31`)).json();
    expect(charges(s)).toEqual([3000, 2400, 1800, 1200, 600]);
    expect(s.bookValue).toBe(eur(7000));

    const db = await textbook('declining_balance', { decliningBalanceRate: 0.4 });
    const b = (await admin.get(`/api/v1/configuration-items/${db.key}/depreciation?asOf=2030-01-01`)).json();
    expect(charges(b)).toEqual([4000, 2400, 1440, 864, 296]);
    expect(b).toMatchObject({ decliningBalanceRate: 0.4, bookValue: eur(1000) });

    const monthly = (await admin.get(`/api/v1/configuration-items/${straight.key}/depreciation?period=month&asOf=2021-03-31`)).json();
    expect(monthly.schedule).toHaveLength(60);
    expect(monthly.schedule[0]).toMatchObject({ start: '2021-01-01', end: '2021-01-31', charge: 15_000 });
    expect(monthly.bookValue).toBe(1_000_000 - 3 * 15_000);
    expect((await admin.get(`/api/v1/configuration-items/${straight.key}/depreciation?asOf=2020-12-31`)).json().bookValue).toBe(1_000_000);
  });

  it('answers 422 naming what an asset lacks, and for items that are not assets', async () => {
    const bare = await make({ name: 'Bare server', class: 'server' });
    const res = await admin.get(`/api/v1/configuration-items/${bare.key}/depreciation`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'ASSET_DATA_MISSING' });
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['financial.purchaseCost', 'financial.inServiceDate']);
    const app = await make({ name: 'CRM', class: 'application' });
    expect((await admin.get(`/api/v1/configuration-items/${app.key}/depreciation`)).json().code).toBe('NOT_AN_ASSET');
    expect((await admin.get(`/api/v1/configuration-items/${bare.key}/depreciation?period=week`)).statusCode).toBe(400);
  });

  it('totals the fleet per class and cost centre, per currency, as of a date', async () => {
    await when('2025-11-01T08:00:00Z');
    const terms = (cost: number, currency: string, costCentre: string | null, extra: Record<string, unknown> = {}) => ({
      purchaseCost: eur(cost), currency, costCentre, inServiceDate: '2024-01-01', purchaseDate: '2024-01-01', expectedLifeMonths: 48, ...extra,
    });
    await make({ name: 'Fleet laptop A', class: 'desktop', financial: terms(1200, 'CHF', 'CC-FLEET-1') });
    await make({ name: 'Fleet laptop B', class: 'desktop', financial: terms(2400, 'CHF', 'CC-FLEET-1') });
    await make({ name: 'Fleet laptop C', class: 'desktop', financial: terms(960, 'USD', 'CC-FLEET-2') });
    await make({ name: 'Fleet printer', class: 'printer', financial: terms(4800, 'CHF', null) });
    await make({ name: 'Bought later', class: 'desktop', financial: terms(999, 'CHF', 'CC-FLEET-1', { purchaseDate: '2026-01-10', inServiceDate: '2026-01-10' }) });
    const gone = await make({ name: 'Disposed desktop', class: 'desktop', assetState: 'retired', financial: terms(5000, 'CHF', 'CC-FLEET-1') });
    await admin.post(`/api/v1/configuration-items/${gone.key}/lifecycle`, { version: gone.version, state: 'disposed' });
    await make({ name: 'No cost yet', class: 'desktop' });

    const byClass = (await admin.get('/api/v1/assets/depreciation?asOf=2025-12-31&groupBy=class')).json();
    expect(byClass).toMatchObject({ asOf: '2025-12-31', groupBy: 'class' });
    // Two of four years gone by straight line: half the cost is left.
    expect(byClass.groups.filter((g: { key: string }) => g.key === 'desktop' || g.key === 'printer')).toEqual([
      { key: 'desktop', name: 'Desktop', currency: 'CHF', count: 2, cost: eur(3600), accumulatedDepreciation: eur(1800), bookValue: eur(1800) },
      { key: 'desktop', name: 'Desktop', currency: 'USD', count: 1, cost: eur(960), accumulatedDepreciation: eur(480), bookValue: eur(480) },
      { key: 'printer', name: 'Printer', currency: 'CHF', count: 1, cost: eur(4800), accumulatedDepreciation: eur(2400), bookValue: eur(2400) },
    ]);
    expect(byClass.incomplete).toBeGreaterThanOrEqual(1);
    const chf = byClass.totals.find((x: { currency: string }) => x.currency === 'CHF');
    expect(chf.cost).toBe(byClass.groups.filter((g: { currency: string }) => g.currency === 'CHF').reduce((a: number, g: { cost: number }) => a + g.cost, 0));

    const byCentre = (await admin.get('/api/v1/assets/depreciation?asOf=2025-12-31&groupBy=costCentre')).json();
    const fleet = byCentre.groups.filter((g: { key: string | null }) => g.key === null || g.key?.startsWith('CC-FLEET'));
    expect(fleet).toEqual([
      { key: null, name: 'No cost centre', currency: 'CHF', count: 1, cost: eur(4800), accumulatedDepreciation: eur(2400), bookValue: eur(2400) },
      { key: 'CC-FLEET-1', name: 'CC-FLEET-1', currency: 'CHF', count: 2, cost: eur(3600), accumulatedDepreciation: eur(1800), bookValue: eur(1800) },
      { key: 'CC-FLEET-2', name: 'CC-FLEET-2', currency: 'USD', count: 1, cost: eur(960), accumulatedDepreciation: eur(480), bookValue: eur(480) },
    ].sort((a, b) => String(a.key ?? '').localeCompare(String(b.key ?? ''))));
    // Before its disposal (on 2025-11-01), the disposed desktop was still on the books.
    const before = (await admin.get('/api/v1/assets/depreciation?asOf=2025-06-30&groupBy=costCentre')).json();
    expect(before.groups.find((g: { key: string }) => g.key === 'CC-FLEET-1')).toMatchObject({ count: 3, cost: eur(8600) });
    expect((await admin.get('/api/v1/assets/depreciation?groupBy=team')).statusCode).toBe(400);
  });
});

describe('refresh and warranty views', () => {
  it('lists assets due for refresh within N months as the clock moves, overdue ones first', async () => {
    await when('2025-10-01T08:00:00Z');
    const due = await make({ name: 'Refresh A', class: 'laptop', financial: { inServiceDate: '2022-03-15', costCentre: 'CC-REFRESH' } });
    const later = await make({ name: 'Refresh B', class: 'laptop', financial: { purchaseDate: '2022-09-01', costCentre: 'CC-REFRESH' } });
    const own = await make({ name: 'Refresh C', class: 'laptop', financial: { inServiceDate: '2024-01-01', expectedLifeMonths: 24, costCentre: 'CC-REFRESH' } });
    const retired = await make({ name: 'Refresh D', class: 'laptop', assetState: 'retired', financial: { inServiceDate: '2020-01-01', costCentre: 'CC-REFRESH' } });
    const view = async (query: string) => (await admin.get(`/api/v1/assets/refresh-due?costCentre=cc-refresh&${query}`)).json();

    expect((await view('months=2')).items).toEqual([]);
    const six = await view('months=6');
    expect(six.items.map((i: { ci: { key: string } }) => i.ci.key)).toEqual([own.key, due.key]);
    expect(six.items[1]).toMatchObject({ inServiceDate: '2022-03-15', lifeMonths: 48, refreshDue: '2026-03-15', daysLeft: 165, assetState: 'in_stock', costCentre: 'CC-REFRESH' });
    expect(six.items[0]).toMatchObject({ lifeMonths: 24, refreshDue: '2026-01-01', daysLeft: 92 });

    await when('2026-04-01T08:00:00Z');
    const now = await view('months=6&limit=2');
    expect(now.items.map((i: { ci: { key: string }; daysLeft: number }) => [i.ci.key, i.daysLeft])).toEqual([[own.key, -90], [due.key, -17]]);
    const next = await view(`months=6&limit=2&cursor=${now.nextCursor}`);
    expect(next.items.map((i: { ci: { key: string }; refreshDue: string }) => [i.ci.key, i.refreshDue])).toEqual([[later.key, '2026-09-01']]);
    expect(next.nextCursor).toBeNull();
    expect(JSON.stringify([...now.items, ...next.items])).not.toContain(retired.key);
    expect((await admin.get('/api/v1/assets/refresh-due?months=6&class=laptop')).json().items.length).toBeGreaterThanOrEqual(3);
    expect((await admin.get('/api/v1/assets/refresh-due?months=-1')).statusCode).toBe(400);
  });

  it('lists warranties ending within N days as the clock moves', async () => {
    await when('2026-06-01T08:00:00Z');
    const soon = await make({ name: 'Warranty A', class: 'server', financial: { warrantyEnd: '2026-06-20', costCentre: 'CC-WARRANTY' } });
    const later = await make({ name: 'Warranty B', class: 'server', financial: { warrantyEnd: '2026-08-15', costCentre: 'CC-WARRANTY' } });
    const view = async (days: number) => (await admin.get(`/api/v1/assets/warranty-expiring?costCentre=CC-WARRANTY&days=${days}`)).json();
    expect((await view(30)).items.map((i: { ci: { key: string }; daysLeft: number }) => [i.ci.key, i.daysLeft])).toEqual([[soon.key, 19]]);
    expect((await view(90)).items.map((i: { ci: { key: string } }) => i.ci.key)).toEqual([soon.key, later.key]);
    expect((await view(10)).items).toEqual([]);
    expect((await admin.get(`/api/v1/configuration-items/${soon.key}`)).json().financial.warrantyStatus).toBe('expiring');

    await when('2026-06-20T23:00:00Z');
    expect((await view(0)).items).toMatchObject([{ ci: { key: soon.key }, warrantyEnd: '2026-06-20', daysLeft: 0 }]);
    await when('2026-06-21T08:00:00Z');
    expect((await view(90)).items.map((i: { ci: { key: string } }) => i.ci.key)).toEqual([later.key]);
    expect((await admin.get(`/api/v1/configuration-items/${soon.key}`)).json().financial.warrantyStatus).toBe('expired');
  });
});
