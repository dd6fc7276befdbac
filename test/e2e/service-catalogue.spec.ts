/**
 * Service catalogue journey in the browser: a requester asks for an item through its form, their
 * manager approves it in the approvals inbox, an agent completes the fulfilment task, and the
 * requester confirms the fulfilled request in the portal.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { apiOf, createPerson } from './support/api.ts';
import { signIn, unique } from './support/sign-in.ts';

async function separatePage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'en-GB', timezoneId: 'UTC' });
  return context.newPage();
}

test('a catalogue request is approved by the manager, fulfilled by an agent and confirmed by the requester', async ({ page, browser, baseURL }) => {
  const tag = unique();
  const itemName = `New laptop ${tag}`;

  // The administrator sets up the people, the fulfilling team and the item.
  await signIn(page);
  const admin = await apiOf(page);
  const roles = (await admin.get<{ items: { id: string; key: string }[] }>('/api/v1/roles')).items;
  const agent = await createPerson(admin, 'agent', `Ada Agent ${tag}`, `ada.${tag}@example.test`, `Ada-password-${tag}`);
  const manager = await createPerson(admin, 'requester', `Mia Manager ${tag}`, `mia.${tag}@example.test`, `Mia-password-${tag}`);
  const requester = await admin.post<{ id: string; name: string; email: string }>('/api/v1/people', {
    name: `Rob Requester ${tag}`,
    email: `rob.${tag}@example.test`,
    roleId: roles.find((r) => r.key === 'requester')!.id,
    managerId: manager.id,
    password: `Rob-password-${tag}`,
  });
  const team = await admin.post<{ id: string }>('/api/v1/teams', { name: `Workplace ${tag}` });
  // Rob has an old laptop; someone else has another. Only Rob's is offered to him.
  const oldLaptop = await admin.post<{ key: string }>('/api/v1/configuration-items', { name: `Rob's old laptop ${tag}`, class: 'laptop', ownerId: requester.id });
  await admin.post('/api/v1/configuration-items', { name: `Mia's laptop ${tag}`, class: 'laptop', ownerId: manager.id });
  await admin.post(`/api/v1/teams/${team.id}/members`, { userId: agent.id });
  await admin.post('/api/v1/catalog-items', {
    name: itemName,
    description: 'A laptop for **work**.\n\nDelivered within a week.',
    groupId: team.id,
    form: [
      { key: 'model', label: 'Model', type: 'choice', required: true, options: ['Standard', 'Developer'] },
      { key: 'cost_centre', label: 'Cost centre', type: 'text', required: true, pattern: 'CC-\\d{4}', help: 'Like CC-1234.' },
      { key: 'monitors', label: 'Extra monitors', type: 'number', min: 0, max: 3 },
      { key: 'needed_by', label: 'Needed by', type: 'date' },
      { key: 'hand_over_to', label: 'Hand it over to', type: 'person' },
      { key: 'replaces', label: 'Replaces', type: 'ci', ciClasses: ['laptop'], ownedByRequester: true },
    ],
    approvals: [{ kind: 'manager', required: 1 }],
    tasks: [{ title: `Prepare the laptop ${tag}`, groupId: team.id }],
  });

  // The requester finds the item in the catalogue and fills in its form.
  const portal = await separatePage(browser, baseURL);
  await signIn(portal, requester.email, `Rob-password-${tag}`);
  await portal.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Request something' }).click();
  await portal.getByRole('searchbox', { name: 'Search the catalogue' }).fill(tag);
  await expect(portal).toHaveURL(new RegExp(`q=${tag}`));
  await portal.getByRole('link', { name: itemName }).click();
  await expect(portal.getByRole('heading', { name: itemName, level: 1 })).toBeVisible();
  await portal.getByRole('button', { name: 'Send request' }).click();
  await expect(portal.getByText('This answer is required')).toHaveCount(2);
  await portal.getByRole('combobox', { name: 'Model' }).click();
  await portal.getByRole('option', { name: 'Developer', exact: true }).click();
  await portal.getByRole('textbox', { name: 'Cost centre' }).fill('1234');
  await portal.getByRole('button', { name: 'Send request' }).click();
  await expect(portal.getByText('This is not in the expected format')).toBeVisible();
  await portal.getByRole('textbox', { name: 'Cost centre' }).fill('CC-1234');
  await portal.getByRole('textbox', { name: 'Extra monitors' }).fill('2');
  await portal.getByLabel('Needed by').fill('2030-05-01');
  // A requester finds a colleague through the organisation's directory.
  await portal.getByRole('combobox', { name: 'Hand it over to' }).fill('Mia Manager');
  await portal.getByRole('option', { name: `${manager.name} <${manager.email}>` }).click();
  // The laptop it replaces: only the requester's own are offered.
  await portal.getByRole('combobox', { name: 'Replaces' }).click();
  await expect(portal.getByRole('option', { name: new RegExp(`Mia's laptop ${tag}`) })).toHaveCount(0);
  await portal.getByRole('option', { name: `Rob's old laptop ${tag} (${oldLaptop.key}) · Laptop` }).click();
  await portal.getByRole('button', { name: 'Send request' }).click();
  await expect(portal).toHaveURL(/\/portal\/tickets\/REQ-\d+$/);
  const key = portal.url().split('/').at(-1)!;
  await expect(portal.getByRole('heading', { name: itemName, level: 1 })).toBeVisible();
  await expect(portal.getByText('CC-1234', { exact: true })).toBeVisible();
  // The person answer shows by name, from the directory.
  const details = portal.locator('div').filter({ has: portal.getByRole('heading', { name: 'Request details' }) }).last();
  await expect(details.getByText(manager.name, { exact: true })).toBeVisible();
  await expect(details.getByText(`Rob's old laptop ${tag} (${oldLaptop.key})`, { exact: true })).toBeVisible();
  await expect(portal.getByRole('cell', { name: 'Waiting for decision' })).toBeVisible();
  await expect(portal.getByText('Waiting for approval', { exact: true })).toBeVisible();

  // The manager sees it waiting in the approvals inbox and approves it.
  const inbox = await separatePage(browser, baseURL);
  await signIn(inbox, manager.email, `Mia-password-${tag}`);
  const nav = inbox.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByLabel('1 approval waiting')).toBeVisible();
  await nav.getByRole('link', { name: /Approvals/ }).click();
  const request = inbox.getByRole('article', { name: `${key} · ${itemName}` });
  await expect(request).toBeVisible();
  await request.getByRole('button', { name: `Approve ${key}` }).click();
  await expect(inbox.getByText(`You approved ${key}`)).toBeVisible();
  await expect(inbox.getByText('Nothing is waiting for your approval.')).toBeVisible();

  // The agent sees the answers and the approval, and completes the fulfilment task.
  const desk = await separatePage(browser, baseURL);
  await signIn(desk, agent.email, `Ada-password-${tag}`);
  await desk.goto(`/tickets/${key}`);
  await expect(desk.getByRole('heading', { name: `${key} · ${itemName}`, level: 1 })).toBeVisible();
  await expect(desk.getByText('Developer', { exact: true })).toBeVisible();
  await expect(desk.getByRole('cell', { name: 'Approved' })).toBeVisible();
  const task = desk.getByRole('region', { name: `Prepare the laptop ${tag}` });
  await expect(task.getByText('Open', { exact: true })).toBeVisible();
  await task.getByRole('button', { name: `Mark “Prepare the laptop ${tag}” done` }).click();
  await expect(task.getByText('Done', { exact: true })).toBeVisible();
  await expect(desk.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue('Resolved');

  // The requester confirms it.
  await portal.reload();
  await expect(portal.getByRole('cell', { name: 'Approved' })).toBeVisible();
  await portal.getByRole('button', { name: 'Confirm it is fixed' }).click();
  await expect(portal.getByText(`Thank you. ${key} is closed.`)).toBeVisible();
  const stored = await admin.get(`/api/v1/tickets/${key}`);
  expect(stored).toMatchObject({ status: 'closed', resolutionCode: 'fulfilled', formValues: { model: 'Developer', cost_centre: 'CC-1234', monitors: 2, needed_by: '2030-05-01' } });
});

test('the KPI page shows the period’s figures, charts and a CSV of the shown breakdown', async ({ page }) => {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'KPIs' }).click();
  await expect(page.getByRole('heading', { name: 'KPIs', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Created' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'SLA resolution' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Backlog by age' })).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Breakdown' }).getByText('Priority', { exact: true }).click();
  await expect(page).toHaveURL(/breakdown=priority/);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
  await page.getByRole('combobox', { name: 'Period' }).click();
  await page.getByRole('option', { name: 'This year' }).click();
  await expect(page).toHaveURL(/period=thisYear/);
});
