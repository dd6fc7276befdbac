/** Journeys (a) and (d): signing in with a password, signing out, and being told when sign-in fails. */
import { expect, test } from '@playwright/test';
import { admin, signIn } from './support/sign-in.ts';

test('an anonymous visitor is sent to the sign-in page', async ({ page }) => {
  await page.goto('/admin/people');
  await expect(page).toHaveURL(/\/login\?redirect=%2Fadmin%2Fpeople/);
  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();
});

test('the administrator signs in with a password and sees the app frame', async ({ page }) => {
  await signIn(page);
  await expect(page.getByTestId('product-name')).toHaveText('Steward');
  await expect(page.getByRole('heading', { name: `Welcome, ${admin.name}`, level: 1 })).toBeVisible();
  await expect(page.getByText(`Signed in as ${admin.email}`)).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const section of ['People', 'Teams', 'Departments', 'Roles', 'API tokens', 'Audit log']) {
    await expect(nav.getByRole('link', { name: section })).toBeVisible();
  }
  // One organisation only: no switcher.
  await expect(page.getByRole('textbox', { name: 'Organisation' })).toHaveCount(0);

  await page.getByRole('button', { name: `Account menu for ${admin.name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('signing in after a redirect returns to the page asked for', async ({ page }) => {
  await page.goto('/admin/roles');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(admin.password);
  await page.getByRole('textbox', { name: 'Password', exact: true }).press('Enter');
  await expect(page).toHaveURL(/\/admin\/roles$/);
  await expect(page.getByRole('heading', { name: 'Roles', level: 1 })).toBeVisible();
});

test('a wrong password or unknown e-mail shows the error and stays on the sign-in page', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'E-mail or password is wrong' })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel('Email').fill('nobody@localhost');
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('whatever-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'E-mail or password is wrong' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
});
