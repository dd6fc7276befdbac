/** Shared steps of the browser journeys: the first administrator's credentials and signing in. */
import { expect, type Page } from '@playwright/test';

/** Set by playwright.config.ts when it starts the server on an empty installation. */
export const admin = { email: 'admin@localhost', password: 'E2e-admin-password-1', name: 'Administrator' };

/** Signs in through the sign-in page and waits for the signed-in frame. */
export async function signIn(page: Page, email = admin.email, password = admin.password): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
}

/** A suffix that keeps names and e-mails unique across journeys in the same installation. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}
