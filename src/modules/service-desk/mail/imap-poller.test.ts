import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../../test/support/app.ts';
import { startImapServer, type TestImapServer } from '../../../../test/support/imap-server.ts';
import { attachmentStore } from '../attachment-routes.ts';
import { imapTarget, startImapPoller } from './imap-poller.ts';

let t: TestApp;
let admin: Caller;
let imap: TestImapServer;
const desk = 'imap-desk@example.test';
const silent = { info: () => {}, warn: () => {}, error: () => {} };

beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
  expect((await admin.post('/api/v1/mailboxes', { address: desk, name: 'IMAP desk' })).statusCode).toBe(201);
  imap = await startImapServer([
    { raw: 'From: Ivy Imap <ivy@example.test>\r\nTo: imap-desk@example.test\r\nSubject: Keyboard missing keys\r\nMessage-ID: <imap-1@example.test>\r\n\r\nThe E key is gone.\r\n' },
    { raw: 'From: old@example.test\r\nTo: imap-desk@example.test\r\nSubject: Already read\r\nMessage-ID: <imap-2@example.test>\r\n\r\nold\r\n', flags: ['\\Seen'] },
    { raw: 'From: bot@example.test\r\nTo: imap-desk@example.test\r\nSubject: Away\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <imap-3@example.test>\r\n\r\naway\r\n' },
  ]);
});

afterAll(async () => {
  await imap?.close();
  await t?.close();
});

describe('IMAP polling', () => {
  it('reads the parts of an IMAP URL', () => {
    expect(imapTarget('imaps://desk%40example.com:p%40ss@mail.example.com/Support%20Desk')).toEqual({
      host: 'mail.example.com',
      port: 993,
      secure: true,
      auth: { user: 'desk@example.com', pass: 'p@ss' },
      folder: 'Support Desk',
    });
    expect(imapTarget('imap://u:p@127.0.0.1:1143').folder).toBe('INBOX');
  });

  it('takes in unseen mail through the pipeline, marks it seen and never takes it twice', { timeout: 30_000 }, async () => {
    const poller = startImapPoller({ db: t.database.db, clock: t.clock, mail: t.config.mail, store: attachmentStore(t.config), log: silent }, { url: imap.url, mailbox: desk, pollSeconds: 3600 });
    try {
      expect(await poller.pollNow()).toBe(2);
      expect(await poller.pollNow()).toBe(0);
    } finally {
      await poller.stop();
    }
    const titles = (await admin.get('/api/v1/tickets?source=email')).json().items.map((x: { title: string }) => x.title);
    expect(titles).toEqual(['Keyboard missing keys']);
  });
});
