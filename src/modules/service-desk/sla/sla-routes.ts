/** HTTP routes of business calendars and SLA policies: read by agents, changed by desk administrators. */
import { ctxOf } from '../../../platform/http/access.ts';
import { NoContent, problems } from '../../../platform/http/route-schema.ts';
import type { App } from '../../../platform/http/types.ts';
import { IdParams } from '../contract.ts';
import { createCalendar, deleteCalendar, findCalendars, getCalendar, updateCalendar } from './calendar-service.ts';
import {
  BusinessCalendar, BusinessCalendarPage, CalendarQuery, CreateCalendarBody, CreatePolicyBody, PolicyQuery, SlaPolicy, SlaPolicyPage, UpdateCalendarBody, UpdatePolicyBody,
} from './contract.ts';
import { createPolicy, deletePolicy, findPolicies, getPolicy, updatePolicy } from './policy-service.ts';

export function slaRoutes(app: App): void {
  const tags = ['SLA'];
  app.get('/api/v1/business-calendars', {
    config: { access: 'tickets:read' },
    schema: { tags, summary: 'Business calendars, by name', querystring: CalendarQuery, response: { 200: BusinessCalendarPage, ...problems() } },
    handler: (req) => findCalendars(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/business-calendars', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Create a business calendar', body: CreateCalendarBody, response: { 201: BusinessCalendar, ...problems(409) } },
    handler: async (req, reply) => reply.status(201).send(await createCalendar(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/business-calendars/:id', {
    config: { access: 'tickets:read' },
    schema: { tags, summary: 'Read a business calendar', params: IdParams, response: { 200: BusinessCalendar, ...problems(404) } },
    handler: (req) => getCalendar(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/business-calendars/:id', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Change hours, zone or holidays', params: IdParams, body: UpdateCalendarBody, response: { 200: BusinessCalendar, ...problems(404, 409) } },
    handler: (req) => updateCalendar(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/business-calendars/:id', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Delete a calendar no policy or open ticket counts in', params: IdParams, response: { 204: NoContent, ...problems(404, 409) } },
    handler: async (req, reply) => {
      await deleteCalendar(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/v1/sla-policies', {
    config: { access: 'tickets:read' },
    schema: { tags, summary: 'SLA policies in evaluation order', querystring: PolicyQuery, response: { 200: SlaPolicyPage, ...problems() } },
    handler: (req) => findPolicies(ctxOf(app, req), req.query),
  });
  app.post('/api/v1/sla-policies', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Create an SLA policy', body: CreatePolicyBody, response: { 201: SlaPolicy, ...problems(409) } },
    handler: async (req, reply) => reply.status(201).send(await createPolicy(ctxOf(app, req), req.body)),
  });
  app.get('/api/v1/sla-policies/:id', {
    config: { access: 'tickets:read' },
    schema: { tags, summary: 'Read an SLA policy', params: IdParams, response: { 200: SlaPolicy, ...problems(404) } },
    handler: (req) => getPolicy(ctxOf(app, req), req.params.id),
  });
  app.patch('/api/v1/sla-policies/:id', {
    config: { access: 'desk:admin' },
    schema: {
      tags,
      summary: 'Change an SLA policy',
      description: 'Open tickets pick the change up when they next change; their elapsed time is kept.',
      params: IdParams,
      body: UpdatePolicyBody,
      response: { 200: SlaPolicy, ...problems(404, 409) },
    },
    handler: (req) => updatePolicy(ctxOf(app, req), req.params.id, req.body),
  });
  app.delete('/api/v1/sla-policies/:id', {
    config: { access: 'desk:admin' },
    schema: { tags, summary: 'Delete an SLA policy', params: IdParams, response: { 204: NoContent, ...problems(404) } },
    handler: async (req, reply) => {
      await deletePolicy(ctxOf(app, req), req.params.id);
      return reply.status(204).send(null);
    },
  });
}
