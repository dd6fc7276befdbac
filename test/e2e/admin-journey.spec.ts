/**
 * Journey (b): the administrator adds a person and an API token (whose secret is shown exactly once),
 * then finds both creations in the audit log.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { signIn, unique } from './support/sign-in.ts';

/** Picks an option of a Mantine Select (found by its label within `scope`); options open in a portal. */
async function choose(page: Page, scope: Page | Locator, label: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('admin creates a person and an API token, and the audit log shows both', async ({ page }) => {
  const suffix = unique();
  const name = `Ada Lovelace ${suffix}`;
  const email = `ada.${suffix}@example.test`;
  const tokenName = `Inventory sync ${suffix}`;

  await signIn(page);

  // A person, with a generated temporary password shown once.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
  await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'New person' }).click();
  const personDialog = page.getByRole('dialog', { name: 'New person' });
  await personDialog.getByLabel('Name').fill(name);
  await personDialog.getByLabel('Email').fill(email);
  await choose(page, personDialog, 'Role', 'Agent');
  await expect(personDialog.getByLabel('Generate a temporary password')).toBeChecked();
  await personDialog.getByRole('button', { name: 'Create person' }).click();
  const passwordDialog = page.getByRole('dialog', { name: 'Temporary password' });
  await expect(passwordDialog.getByTestId('secret-value')).not.toBeEmpty();
  await passwordDialog.getByRole('button', { name: 'I have stored it' }).click();
  await expect(passwordDialog).toHaveCount(0);

  // "/" focuses the search; the new person is found and opens.
  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search by name or e-mail' })).toBeFocused();
  await page.keyboard.type(suffix);
  const personLink = page.getByRole('link', { name });
  await expect(personLink).toBeVisible();
  await personLink.click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(email);

  // An API token: its secret appears once, then only its prefix.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' }).click();
  await page.getByRole('button', { name: 'New API token' }).click();
  const tokenDialog = page.getByRole('dialog', { name: 'New API token' });
  await tokenDialog.getByLabel('Name').fill(tokenName);
  await tokenDialog.getByRole('checkbox', { name: 'people:read' }).check();
  await tokenDialog.getByRole('button', { name: 'Create token' }).click();
  const secretDialog = page.getByRole('dialog', { name: 'Your new API token' });
  const secret = secretDialog.getByTestId('secret-value');
  await expect(secret).toHaveText(/^stw_\S+$/);
  const token = (await secret.textContent())?.trim() ?? '';
  await secretDialog.getByRole('button', { name: 'I have stored it' }).click();
  await expect(secretDialog).toHaveCount(0);
  const tokenRow = page.getByRole('row').filter({ hasText: tokenName });
  await expect(tokenRow).toBeVisible();
  await expect(tokenRow).toContainText('Active');
  await expect(page.getByText(token, { exact: true })).toHaveCount(0);

  // The audit log records both creations.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();

  await choose(page, page, 'Entity type', 'Person');
  await expect(page).toHaveURL(/entityType=person/);
  const personCreated = page.getByRole('row').filter({ hasText: 'created' }).filter({ hasText: 'person' });
  await expect(personCreated.first()).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'api_token' })).toHaveCount(0);

  await choose(page, page, 'Entity type', 'API token');
  await expect(page).toHaveURL(/entityType=api_token/);
  const tokenCreated = page.getByRole('row').filter({ hasText: 'created' }).filter({ hasText: 'api_token' });
  await expect(tokenCreated.first()).toBeVisible();
  await tokenCreated.first().getByRole('button', { name: 'Show' }).click();
  await expect(page.getByRole('table', { name: 'Changes' })).toContainText(tokenName);
});
