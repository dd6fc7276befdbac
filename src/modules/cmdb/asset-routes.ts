/** HTTP routes of the asset register: lifecycle, custody, depreciation, refresh and warranty views, labels. */
import { z } from 'zod';
import { ctxOf } from '../../platform/http/access.ts';
import { problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { AssetHistoryQuery, AssetStateChangePage, CheckInBody, CheckOutBody, CustodyPage, LifecycleBody } from './asset-contract.ts';
import { assetDepreciation, fleetDepreciation } from './asset-depreciation-service.ts';
import { assetLabelsPdf } from './asset-labels-service.ts';
import { transitionAsset } from './asset-lifecycle-service.ts';
import {
  DepreciationQuery, DepreciationReport, FleetDepreciation, FleetDepreciationQuery, LabelsQuery, RefreshDuePage, RefreshDueQuery, WarrantyExpiringPage, WarrantyExpiringQuery,
} from './asset-report-contract.ts';
import { findStateChanges } from './asset-state-history.ts';
import { findRefreshDue, findWarrantyExpiring } from './asset-views.ts';
import { CiIdParams, ConfigurationItem } from './contract.ts';
import { checkInAsset, checkOutAsset, findCustody } from './custody-service.ts';

/** Registers the asset register's routes (called from the CMDB's routes). */
export function assetRoutes(app: App): void {
  const tags = ['Assets'];
  app.post('/api/v1/configuration-items/:id/lifecycle', {
    config: { access: 'cmdb:write' },
    schema: {
      tags,
      summary: 'Move an asset to another lifecycle state',
      description:
        'ordered → received → in_stock ⇄ deployed, in_repair, retired → disposed, lost and stolen. A move the lifecycle does not allow answers 422 naming state and the states allowed; in_stock → deployed is a check-out and deployed → in_stock a check-in. at (default now) dates the move. Leaving deployed or in_repair for another state ends the custody.',
      params: CiIdParams,
      body: LifecycleBody,
      response: { 200: ConfigurationItem, ...problems(404, 409, 422) },
    },
    handler: (req) => transitionAsset(ctxOf(app, req), req.params.id, req.body),
  });
  app.get('/api/v1/configuration-items/:id/lifecycle', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: "An asset's lifecycle transitions with their dates, newest first", params: CiIdParams, querystring: AssetHistoryQuery, response: { 200: AssetStateChangePage, ...problems(404) } },
    handler: (req) => findStateChanges(ctxOf(app, req), req.params.id, req.query),
  });
  app.post('/api/v1/configuration-items/:id/check-out', {
    config: { access: 'cmdb:write' },
    schema: {
      tags,
      summary: 'Check an asset in stock out to a person or a location',
      description: 'The asset becomes deployed and held by the person (userId) or the location (locationId, where the item is then placed). An asset checked out already answers 409; one not in stock 422.',
      params: CiIdParams,
      body: CheckOutBody,
      response: { 200: ConfigurationItem, ...problems(404, 409, 422) },
    },
    handler: (req) => checkOutAsset(ctxOf(app, req), req.params.id, req.body),
  });
  app.post('/api/v1/configuration-items/:id/check-in', {
    config: { access: 'cmdb:write' },
    schema: {
      tags,
      summary: 'Check a deployed asset back in to stock',
      description: 'Ends its custody; locationId puts it back somewhere (the IT store). An asset that is not deployed answers 422.',
      params: CiIdParams,
      body: CheckInBody,
      response: { 200: ConfigurationItem, ...problems(404, 409, 422) },
    },
    handler: (req) => checkInAsset(ctxOf(app, req), req.params.id, req.body),
  });
  app.get('/api/v1/configuration-items/:id/custody', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: "An asset's custody history, the latest check-out first", params: CiIdParams, querystring: AssetHistoryQuery, response: { 200: CustodyPage, ...problems(404) } },
    handler: (req) => findCustody(ctxOf(app, req), req.params.id, req.query),
  });
  app.get('/api/v1/configuration-items/:id/depreciation', {
    config: { access: 'cmdb:read' },
    schema: {
      tags,
      summary: "An asset's depreciation schedule and its book value at a date",
      description: 'From the in-service date (else the purchase date) over the life in force, by the asset’s method (straight line by default). An asset without cost, currency, start date or life answers 422 naming what is missing.',
      params: CiIdParams,
      querystring: DepreciationQuery,
      response: { 200: DepreciationReport, ...problems(404, 422) },
    },
    handler: (req) => assetDepreciation(ctxOf(app, req), req.params.id, req.query),
  });
  app.get('/api/v1/configuration-items/labels.pdf', {
    config: { access: 'cmdb:read' },
    schema: {
      tags,
      summary: 'Printable labels with QR codes, as a PDF',
      description:
        "Name the items with ids (ids or keys, comma-separated, printed in that order) or pick them with the CI list's filters (sorted by name); at most 1,000 labels. Each label has a QR code of the item's page, its asset tag (else its key), name and serial number.",
      querystring: LabelsQuery,
      produces: ['application/pdf'],
      response: { 200: z.string().describe('PDF document'), ...problems() },
    },
    handler: async (req, reply) => {
      const { pdf, count } = await assetLabelsPdf(ctxOf(app, req), req.query, app.config.publicUrl);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="steward-labels-${req.query.layout}.pdf"`)
        .header('x-label-count', String(count))
        // Buffers are sent as they are (no serialiser); the schema's string only documents the body.
        .send(Buffer.from(pdf) as unknown as string);
    },
  });
  app.get('/api/v1/assets/depreciation', {
    config: { access: 'cmdb:read' },
    schema: {
      tags,
      summary: 'Fleet cost, depreciation and book value as of a date, by class or cost centre, per currency',
      description: 'Assets acquired by asOf and not disposed of by then. Assets lacking a cost, currency, start date or life are counted in incomplete.',
      querystring: FleetDepreciationQuery,
      response: { 200: FleetDepreciation, ...problems() },
    },
    handler: (req) => fleetDepreciation(ctxOf(app, req), req.query),
  });
  app.get('/api/v1/assets/refresh-due', {
    config: { access: 'cmdb:read' },
    schema: {
      tags,
      summary: 'Assets due for hardware refresh within N months, overdue first',
      description: 'Assets in use (received, in stock, deployed, in repair) whose in-service date (else purchase date) plus expected life (the item’s, else its class’s) falls by today + months.',
      querystring: RefreshDueQuery,
      response: { 200: RefreshDuePage, ...problems() },
    },
    handler: (req) => findRefreshDue(ctxOf(app, req), req.query),
  });
  app.get('/api/v1/assets/warranty-expiring', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: 'Assets in use whose warranty ends within N days, soonest first', querystring: WarrantyExpiringQuery, response: { 200: WarrantyExpiringPage, ...problems() } },
    handler: (req) => findWarrantyExpiring(ctxOf(app, req), req.query),
  });
}
