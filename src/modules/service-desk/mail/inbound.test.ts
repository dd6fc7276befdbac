import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../../test/support/app.ts';
import { attachmentStore } from '../attachment-routes.ts';
import { receiveMail, type InboundDeps } from './inbound.ts';
import { startSmtpListener, type SmtpListener } from './smtp-listener.ts';

let t: TestApp;
let admin: Caller;
let listener: SmtpListener;
let deps: InboundDeps;
let smtp: Transporter;
let requester: { id: string; email: string };
const maxBytes = 200 * 1024;
const desk = 'help@desk.example.test';
const strictDesk = 'vip@desk.example.test';
const logged: string[] = [];

beforeAll(async () => {
  t = await makeTestApp({ STEWARD_MAIL_LOOP_LIMIT: '4', STEWARD_MAIL_FROM: 'steward@desk.example.test' });
  admin = await t.admin();
  const log = { info: (o: object, m: string) => void logged.push(`${m} ${JSON.stringify(o)}`), warn: () => {}, error: (o: object, m: string) => void logged.push(`ERROR ${m} ${String((o as { err?: Error }).err?.stack)}`) };
  deps = { db: t.database.db, clock: t.clock, mail: t.config.mail, store: attachmentStore(t.config), log };
  listener = await startSmtpListener(deps, { host: '127.0.0.1', port: 0, maxBytes });
  smtp = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true, connectionTimeout: 5000, socketTimeout: 10_000 });
  expect((await admin.post('/api/v1/mailboxes', { address: desk, name: 'Help desk' })).statusCode).toBe(201);
  expect((await admin.post('/api/v1/mailboxes', { address: strictDesk, name: 'VIP desk', unknownSenders: 'reject', defaultType: 'request' })).statusCode).toBe(201);
  requester = await t.makePerson({ role: 'requester', name: 'Rita Requester', email: 'rita@example.test' });
});

// Each test starts a fresh hour for the loop guard (and signs in again: hours pass).
beforeEach(async () => {
  t.clock.advance(61 * 60_000);
  admin = await t.admin();
});

afterAll(async () => {
  smtp?.close();
  await listener?.close();
  await t?.close();
});

let sent = 0;
/** Sends a mail over SMTP and returns its Message-ID. */
async function mail(o: { from?: string; to?: string; subject?: string; text?: string; html?: string; headers?: Record<string, string>; inReplyTo?: string; attachments?: SendMailOptions['attachments'] }) {
  const messageId = `<test-${++sent}.${Date.now()}@example.test>`;
  await smtp.sendMail({ from: o.from ?? 'Rita Requester <rita@example.test>', to: o.to ?? desk, subject: o.subject ?? 'Hello', text: o.text, html: o.html, headers: o.headers, inReplyTo: o.inReplyTo, messageId, attachments: o.attachments });
  return messageId;
}

async function sendRaw(raw: string | Buffer, from = 'rita@example.test', to = [desk]) {
  return smtp.sendMail({ envelope: { from, to }, raw });
}

async function ticketsTitled(title: string) {
  const res = await admin.get(`/api/v1/tickets?source=email&limit=200`);
  return (res.json().items as { key: string; title: string; description: string; status: string; requester: { id: string; email: string }; type: string }[]).filter((x) => x.title === title);
}

async function comments(key: string) {
  return (await admin.get(`/api/v1/tickets/${key}/comments`)).json().items as { text: string; author: { id: string } | null; source: string; visibility: string }[];
}

describe('inbound mail over SMTP', () => {
  it('opens a ticket for a known sender with the mail as description, recorded for threading', async () => {
    await mail({ subject: 'Printer on fire', text: 'The printer on floor 3 is smoking.\nPlease help.' });
    const [ticket] = await ticketsTitled('Printer on fire');
    expect(ticket).toMatchObject({ type: 'incident', description: 'The printer on floor 3 is smoking.\nPlease help.', requester: { id: requester.id } });
    const rows = await t.database.query<{ direction: string; from_address: string }>(`SELECT direction, from_address FROM ticket_mails WHERE subject = 'Printer on fire'`);
    expect(rows).toEqual([{ direction: 'in', from_address: 'rita@example.test' }]);
  });

  it('threads a reply by the key in the subject as a public reply of the sender, without the quoted history, and reopens a pending ticket', async () => {
    const [ticket] = await ticketsTitled('Printer on fire');
    const current = (await admin.get(`/api/v1/tickets/${ticket!.key}`)).json();
    expect((await admin.patch(`/api/v1/tickets/${ticket!.key}`, { version: current.version, status: 'pending', pendingReason: 'awaiting_requester' })).statusCode).toBe(200);
    await mail({ subject: `RE: [${ticket!.key}] Printer on fire`, text: 'It is out now.\n\nOn Monday, Desk <help@desk.example.test> wrote:\n> Is it still burning?\n' });
    const conversation = await comments(ticket!.key);
    expect(conversation.at(-1)).toMatchObject({ text: 'It is out now.', author: { id: requester.id }, source: 'email', visibility: 'public' });
    expect((await admin.get(`/api/v1/tickets/${ticket!.key}`)).json().status).toBe('new');
    expect(await ticketsTitled(`RE: [${ticket!.key}] Printer on fire`)).toEqual([]);
  });

  it('threads a reply by In-Reply-To when the subject has no key', async () => {
    const first = await mail({ subject: 'VPN drops', text: 'Every 10 minutes.' });
    const [ticket] = await ticketsTitled('VPN drops');
    await mail({ subject: 'Re: VPN drops', text: 'Also on Wi-Fi.', inReplyTo: first });
    expect((await comments(ticket!.key)).map((c) => c.text)).toEqual(['Also on Wi-Fi.']);
  });

  it('makes an agent\'s mailed reply a public reply from that agent, stamping the first response', async () => {
    const agent = await t.makePerson({ role: 'agent', name: 'Alex Agent', email: 'alex@example.test' });
    await mail({ subject: 'Monitor flickers', text: 'Since this morning.' });
    const [ticket] = await ticketsTitled('Monitor flickers');
    await mail({ from: 'Alex Agent <alex@example.test>', subject: `Re: [${ticket!.key}] Monitor flickers`, text: 'Try another cable, please.' });
    expect((await comments(ticket!.key)).at(-1)).toMatchObject({ text: 'Try another cable, please.', author: { id: agent.id } });
    expect((await admin.get(`/api/v1/tickets/${ticket!.key}`)).json().firstResponseAt).not.toBeNull();
  });

  it('carries attachments over, refusing blocked ones with a note', async () => {
    await mail({
      subject: 'Error screenshot',
      text: 'See attached.',
      attachments: [
        { filename: 'fehler ✓.txt', content: 'Error 0x80070005', contentType: 'text/plain' },
        { filename: 'fix.exe', content: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]), contentType: 'application/octet-stream' },
      ],
    });
    const [ticket] = await ticketsTitled('Error screenshot');
    expect(ticket!.description).toContain('Not attached: fix.exe');
    const files = (await admin.get(`/api/v1/tickets/${ticket!.key}/attachments`)).json().items;
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ fileName: 'fehler ✓.txt', source: 'email', visibility: 'public', uploadedBy: { id: requester.id } });
    expect((await admin.get(files[0].downloadUrl)).body).toBe('Error 0x80070005');
  });

  it('drops auto-replies, bulk mail and mail from its own addresses', async () => {
    await mail({ subject: 'Out of office', text: 'I am away.', headers: { 'Auto-Submitted': 'auto-replied' } });
    await mail({ subject: 'Newsletter', text: 'News.', headers: { Precedence: 'bulk' } });
    await mail({ subject: 'Vacation', text: 'Away.', headers: { 'X-Autoreply': 'yes' } });
    await mail({ from: desk, subject: 'Echo', text: 'Loop?' });
    await mail({ from: 'steward@desk.example.test', subject: 'Echo 2', text: 'Loop?' });
    for (const title of ['Out of office', 'Newsletter', 'Vacation', 'Echo', 'Echo 2']) expect(await ticketsTitled(title), title).toEqual([]);
    // Auto-Submitted: no is a person's mail.
    await mail({ subject: 'Person', text: 'Hi', headers: { 'Auto-Submitted': 'no' } });
    expect(await ticketsTitled('Person')).toHaveLength(1);
  });

  it('stops a loop: no more than the limit per sender and ticket per hour', async () => {
    await mail({ subject: 'Chatty', text: 'one' });
    const [ticket] = await ticketsTitled('Chatty');
    for (let i = 0; i < 5; i++) await mail({ subject: `Re: [${ticket!.key}] Chatty`, text: `reply ${i}` });
    expect((await comments(ticket!.key)).map((c) => c.text)).toEqual(['reply 0', 'reply 1', 'reply 2']);
    t.clock.advance(61 * 60_000);
    await mail({ subject: `Re: [${ticket!.key}] Chatty`, text: 'an hour later' });
    expect((await comments(ticket!.key)).at(-1)!.text).toBe('an hour later');
  });

  it('opens a new ticket for a reply to a closed ticket, referring to it', async () => {
    await mail({ subject: 'Old problem', text: 'first' });
    const [old] = await ticketsTitled('Old problem');
    const current = (await admin.get(`/api/v1/tickets/${old!.key}`)).json();
    expect((await admin.patch(`/api/v1/tickets/${old!.key}`, { version: current.version, status: 'cancelled' })).statusCode).toBe(200);
    await mail({ subject: `Re: [${old!.key}] Old problem`, text: 'It is back.' });
    const [follow] = await ticketsTitled(`Re: [${old!.key}] Old problem`);
    expect(follow!.description).toBe(`Follow-up to ${old!.key}, which is cancelled.\n\nIt is back.`);
  });

  it('creates a requester for an unknown sender, or refuses them with 550 where the mailbox says so', async () => {
    await mail({ from: 'New Person <new.person@example.test>', subject: 'First contact', text: 'Hello' });
    const [ticket] = await ticketsTitled('First contact');
    expect(ticket!.requester.email).toBe('new.person@example.test');
    const people = (await admin.get('/api/v1/people?limit=200')).json().items as { email: string; name: string; role: { key: string } }[];
    expect(people.find((p) => p.email === 'new.person@example.test')).toMatchObject({ name: 'New Person' });

    const refused = await mail({ from: 'stranger@example.test', to: strictDesk, subject: 'Let me in', text: 'Hi' }).catch((err: { responseCode?: number }) => err);
    expect((refused as { responseCode?: number }).responseCode).toBe(550);
    expect(await ticketsTitled('Let me in')).toEqual([]);
    // A known person may write to the strict mailbox, which opens a request.
    await mail({ to: strictDesk, subject: 'VIP request', text: 'A new laptop' });
    expect((await ticketsTitled('VIP request'))[0]).toMatchObject({ type: 'request' });
  });

  it('refuses recipients that are not desk mailboxes with 550', async () => {
    const err = (await mail({ to: 'nobody@desk.example.test', subject: 'Lost', text: 'x' }).catch((e: unknown) => e)) as { responseCode?: number };
    expect(err.responseCode).toBe(550);
  });
});

describe('hostile mail', () => {
  it('refuses a mail over the size limit with 552 and keeps listening', async () => {
    const err = (await mail({ subject: 'Huge', text: 'x'.repeat(maxBytes + 10_000) }).catch((e: unknown) => e)) as { responseCode?: number };
    expect(err.responseCode).toBe(552);
    expect(await ticketsTitled('Huge')).toEqual([]);
  });

  it('drops a mail without a sender and survives broken MIME', async () => {
    await sendRaw('Subject: Nobody\r\nTo: help@desk.example.test\r\n\r\nwho am I?\r\n');
    expect(await ticketsTitled('Nobody')).toEqual([]);
    const broken = [
      'From: rita@example.test',
      'To: help@desk.example.test',
      'Subject: Broken MIME',
      'Content-Type: multipart/mixed; boundary="nope',
      'Content-Transfer-Encoding: base64',
      '',
      '--nope',
      'Content-Type: text/plain; charset=x-unknown-charset',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'half =E2=8',
      '--nope',
      'Content-Type: application/octet-stream; name="a.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      '!!!not base64!!!',
    ].join('\r\n');
    await sendRaw(broken);
    await sendRaw(Buffer.from([0x00, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a, 0x80, 0x81]));
    await mail({ subject: 'Still alive', text: 'after the broken ones' });
    expect(await ticketsTitled('Still alive')).toHaveLength(1);
    expect(logged.filter((l) => l.startsWith('ERROR'))).toEqual([]);
  });

  it('turns HTML into text without scripts, styles or markup', async () => {
    await mail({
      subject: 'HTML mail',
      html: '<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><p>Hello <b>desk</b></p><img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a><iframe src="https://evil.example"></iframe><p>Bye</p></body></html>',
    });
    const [ticket] = await ticketsTitled('HTML mail');
    expect(ticket!.description).toContain('Hello desk');
    expect(ticket!.description).toContain('Bye');
    for (const bad of ['<', 'script', 'alert', 'onerror', 'javascript', 'color:red', 'evil']) expect(ticket!.description, bad).not.toContain(bad);
  });

  it('the pipeline itself drops a duplicate delivery of the same Message-ID', async () => {
    const raw = 'From: rita@example.test\r\nTo: help@desk.example.test\r\nSubject: Twice\r\nMessage-ID: <twice@example.test>\r\n\r\nonce\r\n';
    expect(await receiveMail(deps, [desk], Buffer.from(raw))).toMatchObject({ action: 'created' });
    expect(await receiveMail(deps, [desk], Buffer.from(raw))).toMatchObject({ action: 'ignored' });
    expect(await ticketsTitled('Twice')).toHaveLength(1);
  });
});
