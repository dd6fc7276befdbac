import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../../test/support/app.ts';
import { renderTemplate, templateProblems } from './templates.ts';

let t: TestApp;
let admin: Caller;

beforeAll(async () => {
  t = await makeTestApp({ STEWARD_MAIL_FROM: 'steward@example.test' });
  admin = await t.admin();
});
afterAll(() => t.close());

describe('mailboxes', () => {
  it('are created, read, changed with a version and removed by desk admins; agents read them', async () => {
    const category = (await admin.post('/api/v1/categories', { name: 'Mail' })).json();
    const res = await admin.post('/api/v1/mailboxes', { address: 'Support@Example.TEST', name: 'Support', defaultType: 'question', defaultCategoryId: category.id });
    expect(res.statusCode, res.body).toBe(201);
    const box = res.json();
    expect(box).toMatchObject({ address: 'Support@Example.TEST', unknownSenders: 'create', defaultType: 'question', defaultCategory: { id: category.id, name: 'Mail' }, active: true, version: 1 });

    const agentPerson = await t.makePerson({ role: 'agent' });
    const agent = await t.login(agentPerson.email, agentPerson.password);
    expect((await agent.get('/api/v1/mailboxes')).json().items.map((m: { id: string }) => m.id)).toContain(box.id);
    expect((await agent.post('/api/v1/mailboxes', { address: 'x@example.test', name: 'X' })).statusCode).toBe(403);

    const changed = await admin.patch(`/api/v1/mailboxes/${box.id}`, { version: 1, unknownSenders: 'reject', active: false });
    expect(changed.json()).toMatchObject({ unknownSenders: 'reject', active: false, version: 2 });
    const stale = await admin.patch(`/api/v1/mailboxes/${box.id}`, { version: 1, name: 'Late' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    expect((await admin.delete(`/api/v1/mailboxes/${box.id}`)).statusCode).toBe(204);
    expect((await admin.get(`/api/v1/mailboxes/${box.id}`)).statusCode).toBe(404);
  });

  it('keep an address unique across the installation, and never take Steward\'s own sender address', async () => {
    expect((await admin.post('/api/v1/mailboxes', { address: 'desk@example.test', name: 'Desk' })).statusCode).toBe(201);
    expect((await admin.post('/api/v1/organisations', { slug: 'other-mail', name: 'Other' })).statusCode).toBe(201);
    const other = { ...admin, request: (o: Parameters<Caller['request']>[0]) => admin.request({ ...o, headers: { ...(o.headers as object), 'x-steward-org': 'other-mail' } }) };
    const dup = await other.request({ method: 'POST', url: '/api/v1/mailboxes', payload: { address: 'DESK@example.test', name: 'Desk too' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors).toEqual([{ field: 'address', message: 'is already used by a mailbox' }]);
    const own = await admin.post('/api/v1/mailboxes', { address: 'steward@example.test', name: 'Loop' });
    expect(own.statusCode).toBe(400);
    expect(own.json().errors[0].field).toBe('address');
  });
});

describe('notification templates', () => {
  it('list the five events with the built-in text until an admin changes one', async () => {
    const list = (await admin.get('/api/v1/notification-templates')).json();
    expect(list.items.map((x: { event: string }) => x.event)).toEqual(['ticket_created', 'public_reply', 'status_changed', 'resolved', 'sla_escalated']);
    expect(list.items.every((x: { customised: boolean; version: number }) => !x.customised && x.version === 0)).toBe(true);

    const saved = await admin.put('/api/v1/notification-templates/resolved', { version: 0, subject: 'Done: [{{ ticket.key }}]', text: 'Hi {{requester.name}}, {{ticket.title}} is fixed.' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ customised: true, version: 1, subject: 'Done: [{{ ticket.key }}]' });
    expect((await admin.put('/api/v1/notification-templates/resolved', { version: 0, subject: 'x', text: 'y' })).statusCode).toBe(409);
    const patched = await admin.patch('/api/v1/notification-templates/resolved', { version: 1, text: 'Fixed: {{ticket.url}}' });
    expect(patched.json()).toMatchObject({ subject: 'Done: [{{ ticket.key }}]', text: 'Fixed: {{ticket.url}}', version: 2 });

    const reset = await admin.delete('/api/v1/notification-templates/resolved');
    expect(reset.json()).toMatchObject({ customised: false, version: 0 });
  });

  it('answer 404 for an event that does not exist', async () => {
    expect((await admin.get('/api/v1/notification-templates/ticket_deleted')).json()).toMatchObject({ status: 404, code: 'NOTIFICATION_TEMPLATE_NOT_FOUND' });
  });

  it('refuse unknown placeholders naming the field', async () => {
    const res = await admin.put('/api/v1/notification-templates/public_reply', { version: 0, subject: 'Hi {{user.password}}', text: '{{comment.text}} {{ticket.secret}}' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['subject', 'text']);
    expect(res.json().errors[0].message).toContain('{{user.password}}');
  });

  it('render values as they are, never expanding placeholders inside values', () => {
    const values = { 'ticket.key': 'INC-1', 'ticket.title': '{{requester.name}} <b>', 'ticket.status': 'new', 'ticket.url': 'http://x/INC-1', 'comment.text': '', 'requester.name': 'Ann', 'sla.clock': '', 'sla.event': '', 'sla.due': '' };
    expect(renderTemplate('[{{ticket.key}}] {{ ticket.title }} for {{requester.name}}', values)).toBe('[INC-1] {{requester.name}} <b> for Ann');
    expect(templateProblems('body', '{{ticket.key}}{{nope}}')).toEqual([{ field: 'body', message: expect.stringContaining('{{nope}}') }]);
  });
});
