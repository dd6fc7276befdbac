/**
 * SLA administration and queue work in the browser: an administrator builds a business calendar and an
 * SLA policy; an agent works an incident while its SLA panel counts down and turns to met; an agent
 * assigns two tickets at once from the console.
 */
import { expect, test, type Page } from '@playwright/test';
import { signIn, unique } from './support/sign-in.ts';

async function choose(page: Page, label: string, option: string) {
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
