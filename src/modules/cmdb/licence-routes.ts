/** HTTP routes of licences, their assignments and the organisation's compliance position. */
import { ctxOf } from '../../platform/http/access.ts';
import { NoContent, problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { createAssignment, deleteAssignment, findAssignments } from './licence-assignment-service.ts';
import { findCompliance } from './licence-compliance-service.ts';
import {
  AssignmentParams, AssignmentQuery, CompliancePage, ComplianceQuery, CreateAssignmentBody, CreateLicenceBody, Licence, LicenceAssignment, LicenceAssignmentPage, LicenceIdParams, LicencePage,
  LicenceQuery, UpdateLicenceBody,
} from './licence-contract.ts';
import { createLicence, deleteLicence, findLicences, getLicence, updateLicence } from './licence-service.ts';

/** Registers the licence, assignment and compliance routes. */
export function licenceRoutes(app: App): void {
  const tags = ['Licences'];
  app.get('/api/v1/licences', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: 'Licence records', querystring: LicenceQuery, response: { 200: LicencePage, ...problems() } },
    handler: (req) => findLicences(ctxOf(app, req), req.query),
  });
  app.get('/api/v1/licences/compliance', {
    config: { access: 'cmdb:read' },
    schema: {
      tags,
      summary: "The organisation's licence compliance position, title by title",
      description:
        'Entitled vs consumed per title and metric from installations, assignments and usage peaks; shortfall with true-up cost and surplus with unused cost per currency; renewals due. Titles by product name; summary and renewals cover every title the filters match.',
      querystring: ComplianceQuery,
      response: { 200: CompliancePage, ...problems() },
    },
    handler: (req) => findCompliance(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/licences', {
    config: { access: 'cmdb:write' },
    schema: {
      tags,
      summary: 'Record a licence',
      description:
        'Name the title by titleId, or by software {name, publisher} (normalised; created when new). minCoresPerDevice and coreMultiplier are for per_core licences only; a subscription needs termStart and termEnd; a unit cost needs an ISO 4217 currency. Every problem is named at once.',
      body: CreateLicenceBody,
      response: { 201: Licence, ...problems() },
    },
    handler: async (req, reply) => reply.status(201).send(await createLicence(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/licences/:id', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: 'Read a licence', params: LicenceIdParams, response: { 200: Licence, ...problems(404) } },
    handler: (req) => getLicence(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/licences/:id', {
    config: { access: 'cmdb:write' },
    schema: {
      tags,
      summary: 'Change a licence',
      description: 'Send the version you read (a stale one answers 409). A metric the assignments do not fit (people on a per_device licence) answers 409: remove them first.',
      params: LicenceIdParams,
      body: UpdateLicenceBody,
      response: { 200: Licence, ...problems(404, 409) },
    },
    handler: (req) => updateLicence(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/licences/:id', {
    config: { access: 'cmdb:write' },
    schema: { tags, summary: 'Delete a licence and its assignments', params: LicenceIdParams, response: { 204: NoContent, ...problems(404) } },
    handler: async (req, reply) => {
      await deleteLicence(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });
  app.get('/api/v1/licences/:id/assignments', {
    config: { access: 'cmdb:read' },
    schema: { tags, summary: 'Who or what a licence is assigned to', params: LicenceIdParams, querystring: AssignmentQuery, response: { 200: LicenceAssignmentPage, ...problems(404) } },
    handler: (req) => findAssignments(ctxOf(app, req), req.params.id, req.query),
  });
  app.post('/api/v1/licences/:id/assignments', {
    config: { access: 'cmdb:write' },
    schema: {
      tags,
      summary: 'Assign a licence to a person or a device',
      description: 'per_user and subscription licences take a person (userId), per_device licences an item (ciId, id or key); other metrics are not assigned. Assigned people and devices count as consumed.',
      params: LicenceIdParams,
      body: CreateAssignmentBody,
      response: { 201: LicenceAssignment, ...problems(404, 409) },
    },
    handler: async (req, reply) => reply.status(201).send(await createAssignment(ctxOf(app, req), req.params.id, req.body)),
  });
  app.delete('/api/v1/licences/:id/assignments/:assignmentId', {
    config: { access: 'cmdb:write' },
    schema: { tags, summary: 'Remove an assignment', params: AssignmentParams, response: { 204: NoContent, ...problems(404) } },
    handler: async (req, reply) => {
      await deleteAssignment(ctxOf(app, req), req.params.id, req.params.assignmentId);
      return reply.status(204).send(null);
    },
  });
}
