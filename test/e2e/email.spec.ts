/**
 * Tickets by e-mail in the browser: a mail to the desk's mailbox opens a ticket the agent works in the
 * console, and the requester's mailed reply lands in that ticket's conversation. The server's inbound
 * SMTP listener runs on 127.0.0.1 (port set in playwright.config.ts); mail is sent with nodemailer.
 */
import { expect, test } from '@playwright/test';
import nodemailer from 'nodemailer';
import { apiOf, createPerson } from './support/api.ts';
import { signIn, unique } from './support/sign-in.ts';
import { smtpListenPort } from './support/mail.ts';

const send = (mail: { from: string; to: string; subject: string; text: string; inReplyTo?: string; messageId?: string }) =>
  nodemailer.createTransport({ host: '127.0.0.1', port: smtpListenPort, secure: false, ignoreTLS: true }).sendMail(mail);

test('a mailed request becomes a ticket, and the mailed reply lands in the right ticket', async ({ page, browser, baseURL }) => {
  const tag = unique();
  const desk = `helpdesk.${tag}@e2e.example.test`;
  await signIn(page);
  const admin = await apiOf(page);
  await admin.post('/api/v1/mailboxes', { address: desk, name: 'Helpdesk', unknownSenders: 'reject' });
  const agent = await createPerson(admin, 'agent', `Mai Agent ${tag}`, `mai.${tag}@example.test`, `Mai-password-${tag}`);
  const requester = await createPerson(admin, 'requester', `Sam Sender ${tag}`, `sam.${tag}@example.test`, `Sam-password-${tag}`);

  // Two mails from the same person: only the key in the reply's subject tells them apart.
  await send({ from: requester.email, to: desk, subject: `Scanner offline ${tag}`, text: 'The scanner on floor 2 shows offline since 9:00.' });
  await send({ from: requester.email, to: desk, subject: `Badge reader broken ${tag}`, text: 'My badge does not open the garage.' });
  const search = async (q: string) => (await admin.get<{ items: { key: string; title: string }[] }>(`/api/v1/tickets?q=${encodeURIComponent(q)}`)).items;
  await expect.poll(async () => (await search(`scanner ${tag}`)).length).toBe(1);
  const [scanner] = await search(`scanner ${tag}`);

  // The agent answers in the console.
  const agentPage = await (await browser.newContext({ baseURL, locale: 'en-GB', timezoneId: 'UTC' })).newPage();
  await signIn(agentPage, agent.email, `Mai-password-${tag}`);
  await agentPage.goto(`/tickets/${scanner!.key}`);
  await expect(agentPage.getByRole('heading', { name: `${scanner!.key} · Scanner offline ${tag}`, level: 1 })).toBeVisible();
  await agentPage.getByRole('textbox', { name: 'Reply', exact: true }).fill('Is it plugged in to the network port?');
  await agentPage.getByRole('button', { name: 'Send reply' }).click();
  await expect(agentPage.getByRole('article', { name: `Message from ${agent.name}` })).toContainText('network port');

  // The requester answers by mail, keeping the key in the subject; it lands in the scanner ticket only.
  await send({ from: requester.email, to: desk, subject: `RE: [${scanner!.key}] Scanner offline ${tag}`, text: `Yes, it is plugged in ${tag}.\n\n> Is it plugged in to the network port?` });
  await expect(async () => {
    await agentPage.reload();
    await expect(agentPage.getByRole('article', { name: `Message from ${requester.name}` }).filter({ hasText: `Yes, it is plugged in ${tag}.` })).toBeVisible();
  }).toPass({ timeout: 15_000 });
  const [badge] = await search(`badge ${tag}`);
  const badgeComments = (await admin.get<{ items: { text: string }[] }>(`/api/v1/tickets/${badge!.key}/comments`)).items;
  expect(badgeComments.map((c) => c.text).join(' ')).not.toContain('plugged in');
});
