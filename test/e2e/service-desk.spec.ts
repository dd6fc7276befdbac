/**
 * Service-desk journeys in the browser: a requester's ticket from the portal through the agent console
 * to a confirmed, rated resolution; and the ticket page refusing what the lifecycle or a newer version
 * forbids (transitions not offered, a stale save answered with the conflict message).
 */
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { apiOf, createPerson } from './support/api.ts';
import { signIn, unique } from './support/sign-in.ts';

/** Picks an option of a Mantine Select (found by its label within `scope`); options open in a portal. */
async function choose(page: Page, scope: Page | Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** A page in a browser context of its own, so two people can be signed in side by side. */
async function separatePage(browser: Browser, baseURL: string | undefined): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'en-GB', timezoneId: 'UTC' });
  return context.newPage();
}

test('a requester’s ticket is worked by an agent, then confirmed and rated by the requester', async ({ page, browser, baseURL }) => {
  const tag = unique();
  const title = `Printer on floor 3 jams ${tag}`;
  const reply = `Replacing the fuser now ${tag}`;
  const note = `Fuser stock is low, order more ${tag}`;

  // The administrator sets up an agent and a requester.
  await signIn(page);
  const admin = await apiOf(page);
  const agent = await createPerson(admin, 'agent', `Aida Agent ${tag}`, `aida.${tag}@example.test`, `Aida-password-${tag}`);
  const requester = await createPerson(admin, 'requester', `Rui Requester ${tag}`, `rui.${tag}@example.test`, `Rui-password-${tag}`);

  // The requester lands in the portal and submits a request.
  const portal = await separatePage(browser, baseURL);
  await signIn(portal, requester.email, `Rui-password-${tag}`);
  await expect(portal).toHaveURL(/\/portal$/);
  await expect(portal.getByRole('heading', { name: 'My requests', level: 1 })).toBeVisible();
  await portal.getByRole('link', { name: 'New request' }).first().click();
  await portal.getByRole('radio', { name: /Something is broken/ }).check();
  await portal.getByRole('textbox', { name: 'Subject' }).fill(title);
  await portal.getByRole('textbox', { name: 'Details' }).fill('It **jams** on every A4 page from tray 2.');
  await choose(portal, portal, 'How urgent is it?', 'High – I cannot work');
  await portal.getByRole('button', { name: 'Send request' }).click();
  await expect(portal).toHaveURL(/\/portal\/tickets\/INC-\d+$/);
  const key = portal.url().split('/').at(-1)!;
  await expect(portal.getByRole('heading', { name: title, level: 1 })).toBeVisible();
  await expect(portal.getByText('Received', { exact: true }).first()).toBeVisible();

  // The agent finds it among the unassigned tickets and takes it.
  const desk = await separatePage(browser, baseURL);
  await signIn(desk, agent.email, `Aida-password-${tag}`);
  await desk.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tickets' }).click();
  await desk.getByRole('radiogroup', { name: 'View' }).getByText('Unassigned', { exact: true }).click();
  await expect(desk).toHaveURL(/view=unassigned/);
  await desk.getByRole('link', { name: title }).click();
  await expect(desk.getByRole('heading', { name: `${key} · ${title}`, level: 1 })).toBeVisible();
  await desk.getByRole('button', { name: 'Assign to me' }).click();
  await desk.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(desk.getByText(`${key} was saved`)).toBeVisible();
  await expect(desk.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue('Assigned');

  // A public reply, then an internal note sent with Ctrl+Enter.
  await desk.getByRole('textbox', { name: 'Reply', exact: true }).fill(reply);
  await desk.getByRole('button', { name: 'Send reply' }).click();
  await expect(desk.getByRole('article', { name: `Message from ${agent.name}` })).toContainText(reply);
  await desk.getByRole('radiogroup', { name: 'Who sees it' }).getByText('Internal note', { exact: true }).click();
  await desk.getByRole('textbox', { name: 'Internal note', exact: true }).fill(note);
  await desk.keyboard.press('Control+Enter');
  await expect(desk.getByRole('article', { name: `Internal note from ${agent.name}` })).toContainText(note);

  // Resolving asks for a resolution code.
  await choose(desk, desk, 'Status', 'Resolved');
  await desk.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(desk.getByText('Choose how it was resolved')).toBeVisible();
  await choose(desk, desk, 'Resolution', 'Fixed');
  await desk.getByRole('textbox', { name: 'Resolution notes' }).fill('New fuser fitted.');
  await desk.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(desk.getByRole('combobox', { name: 'Status', exact: true })).toHaveValue('Resolved');
  await desk.getByRole('tab', { name: 'Timeline' }).click();
  await expect(desk.getByText(`${agent.name} changed status from Assigned to Resolved`)).toBeVisible();

  // The requester sees the reply but never the note, confirms the fix and rates it.
  await portal.reload();
  await expect(portal.getByRole('article', { name: `Message from ${agent.name}` })).toContainText(reply);
  await expect(portal.getByText(note)).toHaveCount(0);
  await expect(portal.getByText('Internal note')).toHaveCount(0);
  await expect(portal.getByText('Resolution: Fixed.')).toBeVisible();
  await portal.getByRole('button', { name: 'Confirm it is fixed' }).click();
  await expect(portal.getByText(`Thank you. ${key} is closed.`)).toBeVisible();
  await expect(portal.getByText('Closed', { exact: true }).first()).toBeVisible();
  // The star inputs are visually hidden; a person clicks the star drawn by the input's label.
  const fiveStars = portal.getByRole('radio', { name: '5 stars' });
  await portal.locator(`label[for="${await fiveStars.getAttribute('id')}"]`).click();
  await expect(fiveStars).toBeChecked();
  await portal.getByRole('textbox', { name: 'Comment (optional)' }).fill('Quick and friendly.');
  await portal.getByRole('button', { name: 'Send rating' }).click();
  await expect(portal.getByText('Thank you for your rating')).toBeVisible();

  const stored = await admin.get(`/api/v1/tickets/${key}`);
  expect(stored).toMatchObject({ status: 'closed', resolutionCode: 'fixed', rating: 5, ratingComment: 'Quick and friendly.', assignee: { id: agent.id } });
});

test('the ticket page offers only allowed transitions and refuses a stale save with the conflict message', async ({ page }) => {
  const tag = unique();
  await signIn(page);
  const api = await apiOf(page);
  const ticket = await api.post('/api/v1/tickets', { type: 'request', title: `Access to the finance share ${tag}`, impact: 'medium', urgency: 'medium' });

  await page.goto(`/tickets/${ticket.key}`);
  await expect(page.getByRole('heading', { name: `${ticket.key} · ${ticket.title}`, level: 1 })).toBeVisible();
  await page.getByRole('combobox', { name: 'Status', exact: true }).click();
  const offered = page.getByRole('option');
  await expect(offered).toHaveText(['New', 'Assigned', 'In progress', 'Pending', 'Resolved', 'Cancelled']);
  await expect(page.getByRole('option', { name: 'Closed' })).toHaveCount(0);
  await page.keyboard.press('Escape');

  // Someone else raises the urgency meanwhile; saving the impact over it is refused, and the latest loads.
  await api.patch(`/api/v1/tickets/${ticket.key}`, { version: ticket.version, urgency: 'high' });
  await choose(page, page, 'Impact', 'Low');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Someone else changed this ticket while you were editing')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Urgency', exact: true })).toHaveValue('High');
  await expect(page.getByRole('combobox', { name: 'Impact', exact: true })).toHaveValue('Medium');
  const stored = await api.get(`/api/v1/tickets/${ticket.key}`);
  expect(stored).toMatchObject({ impact: 'medium', urgency: 'high', version: ticket.version + 1 });
});
