/**
 * SLA administration and queue work in the browser: an administrator builds a business calendar and an
 * SLA policy; an agent works an incident while its SLA panel counts down and turns to met; an agent
 * assigns two tickets at once from the console.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { apiOf, createPerson } from './support/api.ts';
import { signIn, unique } from './support/sign-in.ts';

async function separatePage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'en-GB', timezoneId: 'UTC' });
  return context.newPage();
}

async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('an administrator creates a business calendar and an SLA policy', async ({ page }) => {
  const tag = unique();
  await signIn(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Business calendars' }).click();
  await page.getByRole('link', { name: 'New calendar' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(`Berlin office ${tag}`);
  await page.getByRole('combobox', { name: 'Time zone' }).fill('Europe/Ber');
  await page.getByRole('option', { name: 'Europe/Berlin', exact: true }).click();
  // A time the server refuses shows on its input.
  await page.getByRole('textbox', { name: 'Monday interval 1 start' }).fill('25:00');
  await page.getByRole('button', { name: 'Add interval to Saturday' }).click();
  await page.getByRole('textbox', { name: 'Saturday interval 1 start' }).fill('22:00');
  await page.getByRole('textbox', { name: 'Saturday interval 1 end' }).fill('02:00');
  await expect(page.getByText('Overnight', { exact: true })).toHaveCount(1);
  await page.getByRole('button', { name: 'Add holiday' }).click();
  await page.getByRole('textbox', { name: 'Date' }).fill('12-25');
  await page.getByRole('textbox', { name: 'Holiday' }).fill('Christmas Day');
  await page.getByRole('button', { name: 'Create calendar' }).click();
  await expect(page.getByRole('textbox', { name: 'Monday interval 1 start' })).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('textbox', { name: 'Monday interval 1 start' }).fill('08:00');
  await page.getByRole('textbox', { name: 'Monday interval 1 start' }).press('Enter');
  await expect(page.getByRole('heading', { name: `Berlin office ${tag}`, level: 1 })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'SLA policies' }).click();
  await page.getByRole('link', { name: 'New policy' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(`Incidents ${tag}`);
  await page.getByRole('textbox', { name: 'First response target for P1' }).fill('30m');
  await page.getByRole('textbox', { name: 'Resolution target for P1' }).fill('4h');
  await page.getByRole('textbox', { name: 'Resolution target for P2' }).fill('soon');
  await page.getByRole('button', { name: 'Create policy' }).click();
  await expect(page.getByText('Use e.g. 4h, 30m, 1h 30m or minutes')).toBeVisible();
  await page.getByRole('textbox', { name: 'Resolution target for P2' }).fill('1h 30m');
  await expect(page.getByText('Use e.g. 4h, 30m, 1h 30m or minutes')).toHaveCount(0);
  await choose(page, 'Calendar', `Berlin office ${tag}`);
  await page.getByRole('button', { name: 'Add escalation' }).click();
  await page.getByRole('button', { name: 'Create policy' }).click();
  await expect(page.getByRole('heading', { name: `Incidents ${tag}`, level: 1 })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Resolution target for P2' })).toHaveValue('1h 30m');

  await page.getByRole('link', { name: 'SLA policies' }).first().click();
  const row = page.getByRole('row', { name: new RegExp(`Incidents ${tag}`) });
  await expect(row).toContainText(`Berlin office ${tag}`);
  await expect(row).toContainText('P1 30m / 4h');

  // A calendar in use cannot be deleted; the dialog says why.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Business calendars' }).click();
  await expect(page.getByRole('row', { name: new RegExp(`Berlin office ${tag}`) })).toContainText('1 policy');
  await page.getByRole('button', { name: `Delete Berlin office ${tag}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'It cannot be deleted' })).toBeVisible();
});

test('an agent works an incident to resolution while the SLA panel counts down', async ({ page, browser, baseURL }) => {
  const tag = unique();
  await signIn(page);
  const admin = await apiOf(page);
  const agent = await createPerson(admin, 'agent', `Sam Agent ${tag}`, `sam.${tag}@example.test`, `Sam-password-${tag}`);
  const requester = await createPerson(admin, 'requester', `Rita Requester ${tag}`, `rita.${tag}@example.test`, `Rita-password-${tag}`);
  const category = await admin.post<{ id: string }>('/api/v1/categories', { name: `Network ${tag}` });
  await admin.post('/api/v1/sla-policies', {
    name: `Network incidents ${tag}`,
    position: 1,
    conditions: { types: ['incident'], categoryIds: [category.id] },
    targets: { response: { 1: 30, 2: 60 }, resolution: { 1: 240, 2: 480 }, ola: {} },
  });
  const ticket = await admin.post<{ key: string }>('/api/v1/tickets', {
    type: 'incident',
    title: `Switch down on floor 3 ${tag}`,
    requesterId: requester.id,
    categoryId: category.id,
    impact: 'high',
    urgency: 'high',
  });

  const desk = await separatePage(browser, baseURL);
  await signIn(desk, agent.email, `Sam-password-${tag}`);
  await desk.goto(`/tickets/${ticket.key}`);
  const panel = desk.getByTestId('sla-panel');
  await expect(panel).toContainText(`Network incidents ${tag}`);
  const response = panel.getByTestId('sla-clock-First response');
  const resolution = panel.getByTestId('sla-clock-Resolution');
  await expect(response).toContainText('On track');
  await expect(response).toContainText('Target: 30 min');
  await expect(response).toContainText(/Due in (29|30) min/);
  await expect(resolution).toContainText(/Due in (3 h|4 h)/);

  // The first public reply stops the response clock.
  await desk.getByRole('textbox', { name: 'Reply', exact: true }).fill('Looking at the switch now.');
  await desk.getByRole('button', { name: 'Send reply' }).click();
  await expect(response).toContainText('Met');
  await expect(resolution).toContainText('On track');

  // Resolving stops the resolution clock.
  await choose(desk, 'Status', 'Resolved');
  await choose(desk, 'Resolution', 'Fixed');
  await desk.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(desk.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue('Resolved');
  await expect(resolution).toContainText('Met');
});

test('two tickets are assigned to a group at once from the console', async ({ page }) => {
  const tag = unique();
  await signIn(page);
  const admin = await apiOf(page);
  const team = await admin.post<{ id: string; name: string }>('/api/v1/teams', { name: `Field service ${tag}` });
  const titles = [`Projector flickers ${tag}`, `Dock not charging ${tag}`, `Mouse missing ${tag}`];
  for (const title of titles) await admin.post('/api/v1/tickets', { type: 'incident', title, impact: 'low', urgency: 'low' });

  await page.goto(`/tickets?q=${tag}`);
  await expect(page.getByRole('link', { name: titles[0] })).toBeVisible();
  await expect(page.getByRole('link', { name: titles[2] })).toBeVisible();
  const keyOf = async (title: string) => (await page.getByRole('row', { name: new RegExp(title) }).getByRole('cell').nth(1).innerText()).trim();
  const first = await keyOf(titles[0]);
  const second = await keyOf(titles[1]);
  await page.getByRole('checkbox', { name: `Select ${first}` }).check();
  await page.getByRole('checkbox', { name: `Select ${second}` }).check();
  const bar = page.getByRole('region', { name: 'Bulk update' });
  await expect(bar).toContainText('2 tickets selected');
  await bar.getByRole('combobox', { name: 'Change', exact: true }).click();
  await page.getByRole('option', { name: 'Assign group', exact: true }).click();
  await bar.getByRole('combobox', { name: 'Group', exact: true }).click();
  await page.getByRole('option', { name: team.name, exact: true }).click();
  await bar.getByRole('button', { name: 'Apply to 2 tickets' }).click();
  await expect(page.getByText('2 tickets updated')).toBeVisible();
  await expect(bar).toHaveCount(0);
  await expect(page.getByRole('row', { name: new RegExp(titles[0]) })).toContainText(team.name);
  await expect(page.getByRole('row', { name: new RegExp(titles[1]) })).toContainText(team.name);
  await expect(page.getByRole('row', { name: new RegExp(titles[2]) })).not.toContainText(team.name);

  // Both turn out to be urgent: the urgency goes up at once, and the priority with it (low × high = P3).
  await page.getByRole('checkbox', { name: `Select ${first}` }).check();
  await page.getByRole('checkbox', { name: `Select ${second}` }).check();
  await bar.getByRole('combobox', { name: 'Change', exact: true }).click();
  await page.getByRole('option', { name: 'Set urgency', exact: true }).click();
  await bar.getByRole('combobox', { name: 'Urgency', exact: true }).click();
  await page.getByRole('option', { name: 'High', exact: true }).click();
  await bar.getByRole('button', { name: 'Apply to 2 tickets' }).click();
  // The bar closes once the update is applied (the first update's notice may still be showing).
  await expect(bar).toHaveCount(0);
  expect((await admin.get<{ priority: number }>(`/api/v1/tickets/${first}`)).priority).toBe(3);
  expect((await admin.get<{ priority: number }>(`/api/v1/tickets/${second}`)).priority).toBe(3);

  // Someone else changes one of them meanwhile: the whole update is refused, naming that ticket.
  await page.getByRole('checkbox', { name: `Select ${first}` }).check();
  await page.getByRole('checkbox', { name: `Select ${second}` }).check();
  const current = await admin.get<{ version: number }>(`/api/v1/tickets/${second}`);
  await admin.patch(`/api/v1/tickets/${second}`, { version: current.version, urgency: 'medium' });
  await bar.getByRole('combobox', { name: 'Change', exact: true }).click();
  await page.getByRole('option', { name: 'Add tag', exact: true }).click();
  await bar.getByRole('textbox', { name: 'Tag' }).fill('projector');
  await bar.getByRole('button', { name: 'Apply to 2 tickets' }).click();
  const refusal = bar.getByRole('alert').filter({ hasText: 'Nothing was changed' });
  await expect(refusal).toContainText(`${second}: `);
  expect((await admin.get<{ tags: string[] }>(`/api/v1/tickets/${first}`)).tags).not.toContain('projector');
});

test('a saved view keeps the console filters and applies them again', async ({ page }) => {
  const tag = unique();
  await signIn(page);
  await page.goto(`/tickets?q=${tag}&priority=1,2`);
  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('menuitem', { name: 'Save view…' }).click();
  await expect(page.getByRole('dialog')).toContainText(`priority=1,2`);
  await page.getByRole('textbox', { name: 'Name' }).fill(`Urgent ${tag}`);
  await page.getByRole('switch', { name: 'Share with every agent' }).check();
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`View “Urgent ${tag}” saved`)).toBeVisible();

  await page.goto('/tickets');
  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('menuitem', { name: `Urgent ${tag}` }).click();
  await expect(page).toHaveURL(new RegExp(`priority=1%2C2|priority=1,2`));
  await expect(page).toHaveURL(new RegExp(`q=${tag}`));

  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('menuitem', { name: 'Manage my views…' }).click();
  await page.getByRole('button', { name: `Delete view Urgent ${tag}` }).click();
  await expect(page.getByText(`View “Urgent ${tag}” deleted`)).toBeVisible();
});

test('an administrator turns on round robin for a team and marks a person as VIP', async ({ page }) => {
  const tag = unique();
  await signIn(page);
  const admin = await apiOf(page);
  const team = await admin.post<{ id: string; name: string }>('/api/v1/teams', { name: `Service desk ${tag}` });
  const person = await createPerson(admin, 'requester', `Vera Vip ${tag}`, `vera.${tag}@example.test`, `Vera-password-${tag}`);

  await page.goto(`/admin/teams/${team.id}`);
  await page.getByRole('switch', { name: 'Round robin' }).click();
  await expect(page.getByRole('switch', { name: 'Round robin' })).toBeChecked();
  await expect(page.getByText(`Round robin is on for ${team.name}`)).toBeVisible();
  expect((await admin.get<{ roundRobin: boolean }>(`/api/v1/desk/groups/${team.id}`)).roundRobin).toBe(true);

  await page.goto(`/admin/people/${person.id}`);
  await page.getByRole('switch', { name: 'VIP' }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved', { exact: true })).toBeVisible();
  expect((await admin.get<{ vip: boolean }>(`/api/v1/people/${person.id}`)).vip).toBe(true);
});
