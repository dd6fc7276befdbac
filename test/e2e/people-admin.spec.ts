/** People administration in the browser: filters in the shareable URL, editing a profile, and edit conflicts. */
import { expect, test } from '@playwright/test';
import { signIn, unique } from './support/sign-in.ts';

test('filters people by team and by department', async ({ page }) => {
  await signIn(page);
  const csrf = (await (await page.request.get('/api/v1/auth/session')).json()).csrfToken as string;
  const headers = { 'x-csrf-token': csrf };
  const tag = unique();
  const roles = (await (await page.request.get('/api/v1/roles')).json()).items as { id: string; key: string }[];
  const agent = roles.find((r) => r.key === 'agent')!.id;
  const team = await (await page.request.post('/api/v1/teams', { data: { name: `Network ${tag}` }, headers })).json();
  const dep = await (await page.request.post('/api/v1/departments', { data: { name: `Finance ${tag}` }, headers })).json();
  const inTeam = await (await page.request.post('/api/v1/people', { data: { name: `Nina ${tag}`, email: `nina.${tag}@example.test`, roleId: agent }, headers })).json();
  const inDep = await (await page.request.post('/api/v1/people', { data: { name: `Dara ${tag}`, email: `dara.${tag}@example.test`, roleId: agent, departmentId: dep.id }, headers })).json();
  expect((await page.request.post(`/api/v1/teams/${team.id}/members`, { data: { userId: inTeam.id }, headers })).status()).toBe(200);

  await page.goto(`/admin/people?q=${tag}`);
  const table = page.getByRole('table');
  await expect(table.getByRole('link', { name: inTeam.name })).toBeVisible();
  await expect(table.getByRole('link', { name: inDep.name })).toBeVisible();

  await page.getByRole('combobox', { name: 'Teams' }).click();
  await page.getByRole('option', { name: team.name }).click();
  await expect(page).toHaveURL(new RegExp(`team=${team.id}`));
  await expect(table.getByRole('link', { name: inTeam.name })).toBeVisible();
  await expect(table.getByRole('link', { name: inDep.name })).toHaveCount(0);

  await page.goto(`/admin/people?q=${tag}&department=${dep.id}`);
  await expect(table.getByRole('link', { name: inDep.name })).toBeVisible();
  await expect(table.getByRole('link', { name: inTeam.name })).toHaveCount(0);
});

test('edits a person’s profile, keeping their department', async ({ page }) => {
  await signIn(page);
  const csrf = (await (await page.request.get('/api/v1/auth/session')).json()).csrfToken as string;
  const headers = { 'x-csrf-token': csrf };
  const tag = unique();
  const roles = (await (await page.request.get('/api/v1/roles')).json()).items as { id: string; key: string }[];
  const dep = await (await page.request.post('/api/v1/departments', { data: { name: `Legal ${tag}` }, headers })).json();
  const person = await (
    await page.request.post('/api/v1/people', { data: { name: `Edda ${tag}`, email: `edda.${tag}@example.test`, roleId: roles.find((r) => r.key === 'agent')!.id, departmentId: dep.id }, headers })
  ).json();

  await page.goto(`/admin/people/${person.id}`);
  await expect(page.getByRole('heading', { name: person.name })).toBeVisible();
  await page.getByRole('textbox', { name: 'Job title' }).fill('Counsel');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved')).toBeVisible();
  const stored = await (await page.request.get(`/api/v1/people/${person.id}`)).json();
  expect(stored).toMatchObject({ jobTitle: 'Counsel', department: { id: dep.id }, version: 2 });
});

test('saving over someone else’s change is refused and the latest version is loaded', async ({ page }) => {
  await signIn(page);
  const csrf = (await (await page.request.get('/api/v1/auth/session')).json()).csrfToken as string;
  const headers = { 'x-csrf-token': csrf };
  const tag = unique();
  const roles = (await (await page.request.get('/api/v1/roles')).json()).items as { id: string; key: string }[];
  const person = await (
    await page.request.post('/api/v1/people', { data: { name: `Cora ${tag}`, email: `cora.${tag}@example.test`, roleId: roles.find((r) => r.key === 'agent')!.id }, headers })
  ).json();

  await page.goto(`/admin/people/${person.id}`);
  await expect(page.getByRole('heading', { name: person.name })).toBeVisible();
  // Someone else edits the record meanwhile.
  expect((await page.request.patch(`/api/v1/people/${person.id}`, { data: { version: 1, phone: '+1 555 0100' }, headers })).status()).toBe(200);
  await page.getByRole('textbox', { name: 'Job title' }).fill('Overwrite attempt');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Someone else changed this person')).toBeVisible();
  const stored = await (await page.request.get(`/api/v1/people/${person.id}`)).json();
  expect(stored).toMatchObject({ phone: '+1 555 0100', jobTitle: '', version: 2 });
  await expect(page.getByRole('textbox', { name: 'Phone' })).toHaveValue('+1 555 0100');
});
