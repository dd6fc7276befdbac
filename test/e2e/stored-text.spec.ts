/** Hostile text stored through the API is shown as text by the web app, never interpreted as HTML. */
import { expect, test } from '@playwright/test';
import { signIn, unique } from './support/sign-in.ts';

test('markup and script in stored names are displayed literally and never run', async ({ page }) => {
  await signIn(page);
  const csrf = (await (await page.request.get('/api/v1/auth/session')).json()).csrfToken as string;
  const tag = unique();
  const hostile = `<img src=x onerror="window.__xss='${tag}'"><b>Zed ${tag}</b>`;
  const res = await page.request.post('/api/v1/teams', {
    data: { name: hostile, description: `<script>window.__xss='${tag}'</script>` },
    headers: { 'x-csrf-token': csrf },
  });
  expect(res.status()).toBe(201);
  const team = (await res.json()) as { id: string; name: string };
  expect(team.name).toBe(hostile);

  await page.goto(`/admin/teams?q=${encodeURIComponent(tag)}`);
  await expect(page.getByText(hostile, { exact: true })).toBeVisible();
  await page.goto(`/admin/teams/${team.id}`);
  await expect(page.getByText(`<script>window.__xss='${tag}'</script>`).first()).toBeVisible();
  expect(await page.evaluate(() => (globalThis as { __xss?: string }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"], b:has-text("Zed")').count()).toBe(0);
});
