/**
 * CMDB journeys in the browser: an administrator models a business service on an application on a
 * server (partly through the console, partly through the API), reads the service's impact graph
 * upstream and the server's downstream; the item list filters by class and by a class attribute; an
 * edit over someone else's newer version is refused with the conflict message; a ticket names an
 * affected item that then lists the ticket.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { apiOf } from './support/api.ts';
import { signIn, unique } from './support/sign-in.ts';

/** Picks an option of a Mantine Select (found by its label within `scope`); options open in a portal. */
async function choose(page: Page, scope: Page | Locator, label: string, option: string | RegExp): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option }).click();
}

/** Types into a server-searched picker and takes the option that appears. */
async function pick(page: Page, scope: Page | Locator, label: string, text: string, option: RegExp): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).fill(text);
  await page.getByRole('option', { name: option }).click();
}

/**
 * Clicks the first node of the impact graph found in its right half (the analysed item sits on the
 * left): the graph is a canvas, so the pointer probes for where the cursor turns into a hand.
 */
async function clickNodeOnTheRight(page: Page, graph: Locator): Promise<void> {
  const box = (await graph.boundingBox())!;
  for (let y = 0.3; y <= 0.7; y += 0.04) {
    for (let x = 0.55; x <= 0.97; x += 0.015) {
      await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
      if ((await graph.evaluate((el) => (el as unknown as { style: { cursor: string } }).style.cursor)) === 'pointer') {
        await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
        return;
      }
    }
  }
  throw new Error('no node found in the right half of the graph');
}

test('a business service on an application on a server: impact upstream from the service, downstream from the server', async ({ page }) => {
  const tag = unique();
  const serviceName = `Payroll ${tag}`;
  await signIn(page);
  const api = await apiOf(page);

  // The business service, through the console.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Configuration items' }).click();
  await expect(page.getByRole('heading', { name: 'Configuration items', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New item' }).click();
  const dialog = page.getByRole('dialog', { name: 'New item' });
  await choose(page, dialog, 'Class', 'Business service');
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(serviceName);
  await choose(page, dialog, 'Criticality', 'Critical');
  await choose(page, dialog, 'Service hours', 'business hours');
  await dialog.getByRole('textbox', { name: 'Availability target (%)' }).fill('99.9');
  await choose(page, dialog, 'Customer-facing', 'Yes');
  await dialog.getByRole('button', { name: 'Create item' }).click();
  await expect(page).toHaveURL(/\/cmdb\/CI-\d+$/);
  const serviceKey = page.url().split('/').at(-1)!;
  await expect(page.getByRole('heading', { name: `${serviceKey} · ${serviceName}`, level: 1 })).toBeVisible();
  const service = await api.get(`/api/v1/configuration-items/${serviceKey}`);
  expect(service).toMatchObject({ class: { key: 'business_service' }, criticality: 'critical', attributes: { serviceHours: 'business_hours', availabilityTarget: 99.9, customerFacing: true } });

  // The application and its server, through the API.
  const app = await api.post('/api/v1/configuration-items', { name: `Payroll app ${tag}`, class: 'application', environment: 'production', attributes: { vendor: 'Acme' } });
  const server = await api.post('/api/v1/configuration-items', { name: `pay-srv-${tag}`, class: 'server', environment: 'production', attributes: { cpuCores: 24 } });

  // The service depends on the application: added on the service's Relationships tab.
  await page.getByRole('tab', { name: 'Relationships' }).click();
  await expect(page).toHaveURL(/tab=relationships/);
  await choose(page, page, `Relationship from ${serviceKey}`, 'Depends on');
  await pick(page, page, 'Item', app.name, new RegExp(`${app.key} · ${app.name}`));
  await page.getByRole('button', { name: 'Add relationship' }).click();
  const relationships = page.getByRole('table', { name: `Relationships of ${serviceKey}` });
  await expect(relationships.getByRole('row', { name: new RegExp(`Depends on.*${app.key} · ${app.name}`) })).toBeVisible();
  // The application runs on the server, through the API.
  await api.post('/api/v1/relationships', { sourceId: app.key, type: 'runs_on', targetId: server.key });

  // What the service needs: the application and, behind it, the server.
  await page.getByRole('tab', { name: 'Impact' }).click();
  await page.getByRole('radiogroup', { name: 'Direction' }).getByText('Upstream', { exact: true }).click();
  await expect(page).toHaveURL(/direction=upstream/);
  await expect(page.getByRole('img', { name: `Impact graph of ${serviceKey}: 2 items reached` })).toBeVisible();
  const reached = page.getByRole('table', { name: `Items reached from ${serviceKey}` });
  await expect(reached.getByRole('row', { name: new RegExp(`${app.key} · ${app.name}.*Application.*1`) })).toBeVisible();
  await expect(reached.getByRole('row', { name: new RegExp(`${server.key} · ${server.name}.*Server.*2`) })).toBeVisible();
  await expect(reached.getByRole('row', { name: new RegExp(`^${server.key} · `) }).getByLabel(`Path to ${server.key}`)).toHaveText(
    `${serviceKey} → depends on → ${app.key} · ${app.name} → runs on → ${server.key} · ${server.name}`,
  );

  // What breaks if the server goes down: the application, and the critical business service.
  await reached.getByRole('link', { name: `${server.key} · ${server.name}` }).first().click();
  await expect(page.getByRole('heading', { name: `${server.key} · ${server.name}`, level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Impact' }).click();
  await expect(page.getByRole('radiogroup', { name: 'Direction' }).getByRole('radio', { name: 'Downstream' })).toBeChecked();
  await expect(page.getByRole('img', { name: `Impact graph of ${server.key}: 2 items reached` })).toBeVisible();
  const affected = page.getByRole('list', { name: 'Business services affected' });
  await expect(affected.getByRole('listitem')).toHaveCount(1);
  await expect(affected.getByRole('listitem')).toContainText(`${serviceKey} · ${serviceName}`);
  await expect(affected.getByRole('listitem')).toContainText('Critical');
  await expect(affected.getByLabel(`Path to ${serviceKey}`)).toHaveText(`${server.key} → hosts → ${app.key} · ${app.name} → used by → ${serviceKey} · ${serviceName}`);

  // Depth 1 stops at the application; clicking its node opens its impact.
  await choose(page, page, 'Depth', /^1$/);
  const graph = page.getByRole('img', { name: `Impact graph of ${server.key}: 1 item reached` });
  await expect(graph).toBeVisible();
  await expect(page.getByText('No business services are reached.')).toBeVisible();
  await clickNodeOnTheRight(page, graph);
  await expect(page).toHaveURL(new RegExp(`/cmdb/${app.key}\\?tab=impact&depth=1$`));
  await expect(page.getByRole('heading', { name: `${app.key} · ${app.name}`, level: 1 })).toBeVisible();
  await expect(page.getByRole('img', { name: `Impact graph of ${app.key}: 1 item reached` })).toBeVisible();
});

test('the item list filters by class and by an attribute of that class, in the URL', async ({ page }) => {
  const tag = unique();
  await signIn(page);
  const api = await apiOf(page);
  const big = await api.post('/api/v1/configuration-items', { name: `db-host-${tag}`, class: 'server', attributes: { cpuCores: 32, os: 'Debian' } });
  const small = await api.post('/api/v1/configuration-items', { name: `web-host-${tag}`, class: 'server', attributes: { cpuCores: 4, os: 'Debian' } });
  const vm = await api.post('/api/v1/configuration-items', { name: `vm-${tag}`, class: 'virtual_machine', attributes: { cpuCores: 32 } });

  await page.goto('/cmdb');
  await page.getByRole('searchbox', { name: 'Search items' }).fill(tag);
  const table = page.getByRole('table', { name: 'Configuration items' });
  await expect(table.getByRole('link')).toHaveText([big.name, vm.name, small.name]);

  await choose(page, page, 'Class', 'Server');
  await expect(page).toHaveURL(/class=server/);
  await expect(table.getByRole('link')).toHaveText([big.name, small.name]);
  const attributes = page.getByRole('group', { name: 'Server attributes' });
  await attributes.getByRole('textbox', { name: 'CPU cores' }).fill('32');
  await expect(page).toHaveURL(/attr\.cpuCores=/);
  await expect(table.getByRole('link')).toHaveText([big.name]);

  // The filtered list is a link: it opens the same way.
  await page.reload();
  await expect(page.getByRole('group', { name: 'Server attributes' }).getByRole('textbox', { name: 'CPU cores' })).toHaveValue('32');
  await expect(table.getByRole('link')).toHaveText([big.name]);

  // Another class drops the attribute filters.
  await choose(page, page, 'Class', 'Virtual machine');
  await expect(page).not.toHaveURL(/attr\./);
  await expect(table.getByRole('link')).toHaveText([vm.name]);
});

test('an item edited over a newer version is refused with the conflict message; a ticket names an affected item', async ({ page }) => {
  const tag = unique();
  await signIn(page);
  const api = await apiOf(page);
  const server = await api.post('/api/v1/configuration-items', { name: `mail-${tag}`, class: 'server', attributes: { cpuCores: 8 } });

  await page.goto(`/cmdb/${server.key}`);
  const details = page.getByRole('form', { name: `Details of ${server.key}` });
  await details.getByRole('textbox', { name: 'CPU cores' }).fill('16');
  // Someone else renames it meanwhile; the save over their version is refused and theirs loads.
  await api.patch(`/api/v1/configuration-items/${server.key}`, { version: server.version, name: `mail-01-${tag}` });
  await details.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Someone else changed this configuration item while you were editing.')).toBeVisible();
  await expect(page.getByRole('heading', { name: `${server.key} · mail-01-${tag}`, level: 1 })).toBeVisible();
  await expect(details.getByRole('textbox', { name: 'CPU cores' })).toHaveValue('8');
  // Saved again on the latest version, it goes through and the history says so.
  // Enter saves too (the conflict notice may still cover the button).
  await details.getByRole('textbox', { name: 'CPU cores' }).fill('16');
  await details.getByRole('textbox', { name: 'CPU cores' }).press('Enter');
  await expect(page.getByText(`${server.key} was saved`)).toBeVisible();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByText('CPU cores: 8 → 16')).toBeVisible();
  await expect(page.getByText(`Name: mail-${tag} → mail-01-${tag}`)).toBeVisible();

  // A ticket names the server as affected from its side panel; the server lists the ticket.
  const ticket = await api.post('/api/v1/tickets', { type: 'incident', title: `Mail is down ${tag}`, impact: 'high', urgency: 'high' });
  await page.goto(`/tickets/${ticket.key}`);
  await pick(page, page, 'Add an item', `mail-01-${tag}`, new RegExp(`${server.key} · mail-01-${tag}`));
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  const panel = page.getByRole('list', { name: 'Affected configuration items' });
  await panel.getByRole('link', { name: `${server.key} · mail-01-${tag}` }).click();
  await expect(page.getByRole('heading', { name: `${server.key} · mail-01-${tag}`, level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Tickets' }).click();
  await page.getByRole('link', { name: ticket.title }).click();
  await expect(page.getByRole('heading', { name: `${ticket.key} · ${ticket.title}`, level: 1 })).toBeVisible();
});

test('an administrator defines a class with a required choice; new items of it must make the choice', async ({ page }) => {
  const tag = unique();
  const key = `linux_${tag}`.slice(0, 40);
  await signIn(page);
  const api = await apiOf(page);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Configuration item classes' }).click();
  await expect(page.getByRole('table', { name: 'Configuration item classes' }).getByRole('row', { name: /^Server Built-in server/ })).toBeVisible();
  await page.getByRole('button', { name: 'New class' }).click();
  await page.getByRole('textbox', { name: 'Key' }).fill(key);
  await page.getByRole('textbox', { name: 'Name' }).fill(`Linux server ${tag}`);
  await choose(page, page, 'Parent class', /^Server$/);
  // Below Server, the class inherits its attributes and is an asset class like it.
  await expect(page.getByRole('table', { name: 'Built-in and inherited attributes' }).getByRole('row', { name: /CPU cores cpuCores Number From server/ })).toBeVisible();
  await expect(page.getByRole('switch', { name: 'Physical asset' })).toBeChecked();
  await page.getByRole('button', { name: 'Add attribute' }).click();
  // The attribute's box takes its label's name as it is typed; leaving the label fills in the key.
  await page.getByRole('group', { name: 'Attribute 1' }).getByRole('textbox', { name: 'Label' }).fill('Patch group');
  const patchGroup = page.getByRole('group', { name: 'Patch group' });
  await patchGroup.getByRole('textbox', { name: 'Label' }).blur();
  await expect(patchGroup.getByRole('textbox', { name: 'Key' })).toHaveValue('patchGroup');
  await choose(page, patchGroup, 'Type', 'Choice');
  await patchGroup.getByRole('textbox', { name: 'Choices' }).fill('early\nmain\nlate');
  await patchGroup.getByRole('switch', { name: 'Required' }).check();
  await page.getByRole('button', { name: 'Create class' }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/ci-classes/${key}$`));
  expect((await api.get(`/api/v1/ci-classes/${key}`)).customAttributes).toEqual([{ key: 'patchGroup', label: 'Patch group', type: 'choice', required: true, choices: ['early', 'main', 'late'] }]);

  // A new item of the class asks for the patch group before anything is sent.
  await page.goto(`/cmdb?class=${key}`);
  await page.getByRole('button', { name: 'New item' }).click();
  const dialog = page.getByRole('dialog', { name: 'New item' });
  await expect(dialog.getByRole('combobox', { name: 'Class' })).toHaveValue(`Linux server ${tag}`);
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(`lx-${tag}`);
  await dialog.getByRole('button', { name: 'Create item' }).click();
  await expect(dialog.getByRole('combobox', { name: 'Patch group' })).toHaveAccessibleDescription(/Required/);
  await choose(page, dialog, 'Patch group', 'main');
  await dialog.getByRole('button', { name: 'Create item' }).click();
  await expect(page.getByRole('heading', { name: new RegExp(`CI-\\d+ · lx-${tag}`), level: 1 })).toBeVisible();
  const created = await api.get(`/api/v1/configuration-items/${page.url().split('/').at(-1)}`);
  expect(created).toMatchObject({ class: { key }, isAsset: true, attributes: { patchGroup: 'main' } });
});
