import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../../test/support/app.ts';
import { dispatchPending } from '../../../platform/events/dispatcher.ts';
import type { Subscriber } from '../../../platform/events/subscribers.ts';
import { attachmentStore } from '../attachment-routes.ts';
import { receiveMail } from './inbound.ts';
import { mailNotifier } from './notifier.ts';

/** The "mail server" notifications go to: a second SMTP server on 127.0.0.1 that keeps what it gets. */
const received: { to: string[]; mail: ParsedMail }[] = [];
const receiver = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      simpleParser(Buffer.concat(chunks)).then((mail) => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
        callback();
      }, callback);
    });
  },
});

let t: TestApp;
let admin: Caller;
let agent: Caller;
let notifier: Subscriber;
let requester: { id: string; email: string };
let watcher: { id: string; email: string };
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const desk = 'desk@notify.example.test';

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const port = (receiver.server.address() as AddressInfo).port;
  t = await makeTestApp({ STEWARD_SMTP_URL: `smtp://127.0.0.1:${port}`, STEWARD_MAIL_FROM: 'steward@notify.example.test', STEWARD_PUBLIC_URL: 'https://steward.example.test' });
  notifier = mailNotifier(t.config.mail, t.config.publicUrl, silent)!;
  admin = await t.admin();
  const agentPerson = await t.makePerson({ role: 'agent', name: 'Alex Agent', email: 'alex@notify.example.test' });
  agent = await t.login(agentPerson.email, agentPerson.password);
  requester = await t.makePerson({ role: 'requester', name: 'Rita Requester', email: 'rita@notify.example.test' });
  watcher = await t.makePerson({ role: 'requester', name: 'Walt Watcher', email: 'walt@notify.example.test' });
  expect((await admin.post('/api/v1/mailboxes', { address: desk, name: 'Desk' })).statusCode).toBe(201);
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

/** Delivers pending events to the notifier and returns the mails that arrived meanwhile. */
async function deliver() {
  const start = received.length;
  await dispatchPending(t.database.db, t.clock, [notifier]);
  return received.slice(start);
}

const addressOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address;

describe('notification mails', () => {
  let ticket: { id: string; key: string; version: number };
  let createdIds: string[];

  it('go out on a new ticket to the requester and watchers, not its author, threaded and marked automatic', async () => {
    await deliver();
    const res = await agent.post('/api/v1/tickets', { type: 'incident', title: 'Printer jams <b>again</b>', requesterId: requester.id, watcherIds: [watcher.id] });
    expect(res.statusCode).toBe(201);
    ticket = res.json();
    const mails = await deliver();
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['rita@notify.example.test', 'walt@notify.example.test']);
    const toRita = mails.find((m) => m.to[0] === 'rita@notify.example.test')!.mail;
    expect(toRita.subject).toBe(`[${ticket.key}] Printer jams <b>again</b>`);
    expect(addressOf(toRita)).toBe('rita@notify.example.test');
    expect(toRita.from?.value[0]?.address).toBe('steward@notify.example.test');
    expect(toRita.replyTo?.value[0]?.address).toBe(desk);
    expect(toRita.headers.get('auto-submitted')).toBe('auto-generated');
    expect(toRita.text).toContain('Hello Rita Requester');
    expect(toRita.text).toContain(`https://steward.example.test/portal/tickets/${ticket.key}`);
    expect(toRita.html).toBe(false);
    createdIds = mails.map((m) => m.mail.messageId!);
    const recorded = await t.database.query<{ message_id: string; direction: string }>(`SELECT message_id, direction FROM ticket_mails WHERE ticket_id = $1`, [ticket.id]);
    expect(recorded.map((r) => r.message_id).sort()).toEqual([...createdIds].sort());
    expect(recorded.every((r) => r.direction === 'out')).toBe(true);
    expect(await deliver()).toEqual([]);
  });

  it('never go out for an internal note; a public reply goes to both with its text, in the thread', async () => {
    expect((await agent.post(`/api/v1/tickets/${ticket.key}/comments`, { text: 'Vendor case 77 (internal)', visibility: 'internal' })).statusCode).toBe(201);
    expect(await deliver()).toEqual([]);
    expect((await agent.post(`/api/v1/tickets/${ticket.key}/comments`, { text: 'A technician is on the way.', visibility: 'public' })).statusCode).toBe(201);
    const mails = await deliver();
    expect(mails).toHaveLength(2);
    for (const { mail } of mails) {
      expect(mail.subject).toBe(`Re: [${ticket.key}] Printer jams <b>again</b>`);
      expect(mail.text).toContain('A technician is on the way.');
      expect(mail.text).not.toContain('Vendor case');
      expect(createdIds).toContain(mail.inReplyTo);
    }
  });

  it('use the template an admin wrote for a status change, and the resolution text for a resolution', async () => {
    const saved = await admin.put('/api/v1/notification-templates/status_changed', { version: 0, subject: 'Status of {{ticket.key}}', text: '{{requester.name}}: {{ticket.title}} is {{ticket.status}}.' });
    expect(saved.statusCode).toBe(200);
    let current = (await agent.get(`/api/v1/tickets/${ticket.key}`)).json();
    expect((await agent.patch(`/api/v1/tickets/${ticket.key}`, { version: current.version, status: 'pending', pendingReason: 'awaiting_vendor' })).statusCode).toBe(200);
    const pending = await deliver();
    expect(pending.map((m) => m.mail.subject)).toEqual([`[${ticket.key}] Status of ${ticket.key}`, `[${ticket.key}] Status of ${ticket.key}`]);
    expect(pending[0]!.mail.text!.trim()).toBe('Rita Requester: Printer jams <b>again</b> is on hold.');

    // A change that is not a status change sends nothing.
    current = (await agent.get(`/api/v1/tickets/${ticket.key}`)).json();
    expect((await agent.patch(`/api/v1/tickets/${ticket.key}`, { version: current.version, urgency: 'high' })).statusCode).toBe(200);
    expect(await deliver()).toEqual([]);

    current = (await agent.get(`/api/v1/tickets/${ticket.key}`)).json();
    const resolved = await agent.patch(`/api/v1/tickets/${ticket.key}`, { version: current.version, status: 'resolved', resolutionCode: 'fixed', resolutionNotes: 'Replaced the roller.' });
    expect(resolved.statusCode).toBe(200);
    const mails = await deliver();
    expect(mails.map((m) => m.mail.subject)).toEqual([`[${ticket.key}] Resolved: Printer jams <b>again</b>`, `[${ticket.key}] Resolved: Printer jams <b>again</b>`]);
    expect(mails[0]!.mail.text).toContain('Replaced the roller.');
  });

  it('thread a mailed answer back into the ticket, and tell the others but not its author', async () => {
    const lastToRita = received.filter((m) => m.to[0] === 'rita@notify.example.test').at(-1)!.mail;
    const raw = [
      'From: Rita Requester <rita@notify.example.test>',
      `To: ${desk}`,
      'Subject: Re: your mail',
      `In-Reply-To: ${lastToRita.messageId}`,
      'Message-ID: <rita-answer@notify.example.test>',
      '',
      'Still jams on tray 2.',
    ].join('\r\n');
    const outcome = await receiveMail({ db: t.database.db, clock: t.clock, mail: t.config.mail, store: attachmentStore(t.config), log: silent }, [desk], Buffer.from(raw));
    expect(outcome).toEqual({ action: 'replied', ticketKey: ticket.key });
    const mails = await deliver();
    expect(mails.map((m) => m.to[0])).toEqual(['walt@notify.example.test']);
    expect(mails[0]!.mail.text).toContain('Still jams on tray 2.');
  });

  it('send nothing when no SMTP server is configured', () => {
    expect(mailNotifier({ ...t.config.mail, smtpUrl: undefined }, t.config.publicUrl, silent)).toBeUndefined();
  });
});

describe('SLA escalation mails', () => {
  it('go to the people the escalation names, with the clock and due time, once', async () => {
    await deliver();
    const team = (await admin.post('/api/v1/teams', { name: 'Escalation desk' })).json();
    const agentId = (await agent.get('/api/v1/auth/session')).json().user.id;
    await admin.post(`/api/v1/teams/${team.id}/members`, { userId: agentId });
    const policy = await admin.post('/api/v1/sla-policies', {
      name: 'Escalating',
      position: 1,
      targets: { response: { '3': 30 }, resolution: {}, ola: {} },
      escalations: [{ on: 'breach', metric: 'response', action: 'notify_group' }],
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const res = await agent.post('/api/v1/tickets', { type: 'incident', title: 'Core switch flapping', requesterId: requester.id, groupId: team.id, assigneeId: agentId });
    const escalated = res.json();
    await deliver(); // the requester's "ticket created" mail
    t.clock.advance(31 * 60_000);
    const { sweepSlas } = await import('../sla/sweep.ts');
    expect((await sweepSlas(t.database.db, t.clock)).breaches).toBeGreaterThanOrEqual(1);
    const mails = await deliver();
    const escalations = mails.filter((m) => m.mail.subject?.includes('SLA'));
    expect(escalations.map((m) => m.to[0])).toEqual(['alex@notify.example.test']);
    expect(escalations[0]!.mail.subject).toBe(`[${escalated.key}] SLA is breached: Core switch flapping`);
    expect(escalations[0]!.mail.text).toContain('first response target');
    expect(await deliver()).toEqual([]);
  });
});
