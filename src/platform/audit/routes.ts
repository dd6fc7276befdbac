/** HTTP route for reading the audit trail. */
import { ctxOf } from '../http/access.ts';
import { problems } from '../http/route-schema.ts';
import type { App } from '../http/types.ts';
import { AuditPage, AuditQuery, findAuditEvents } from './query.ts';

export function auditRoutes(app: App): void {
  app.get('/api/v1/audit-events', {
    config: { access: 'audit:read' },
    schema: { tags: ['Audit'], summary: 'The audit trail of this organisation, newest first', querystring: AuditQuery, response: { 200: AuditPage, ...problems() } },
    handler: (req) => findAuditEvents(ctxOf(app, req), req.query),
  });
}
