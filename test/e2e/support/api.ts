/** Test data through the API, as the signed-in user of a page: people, teams and tickets a journey needs. */
import { expect, type Page } from '@playwright/test';

export interface Api {
  get: <T = any>(path: string) => Promise<T>;
  post: <T = any>(path: string, data: unknown) => Promise<T>;
  patch: <T = any>(path: string, data: unknown) => Promise<T>;
}

/** Calls the API with the page's session (cookie and CSRF token), failing the test on any error answer. */
export async function apiOf(page: Page): Promise<Api> {
  const session = await (await page.request.get('/api/v1/auth/session')).json();
  const headers = { 'x-csrf-token': session.csrfToken as string };
  const check = async (response: Awaited<ReturnType<Page['request']['get']>>, what: string): Promise<any> => {
    expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBe(true);
    return response.status() === 204 ? undefined : response.json();
  };
  return {
    get: async (path) => check(await page.request.get(path), `GET ${path}`),
    post: async (path, data) => check(await page.request.post(path, { data, headers }), `POST ${path}`),
    patch: async (path, data) => check(await page.request.patch(path, { data, headers }), `PATCH ${path}`),
  };
}

/** Creates a person with a built-in role (`agent`, `requester`…) and a password they can sign in with. */
export async function createPerson(api: Api, role: string, name: string, email: string, password: string): Promise<{ id: string; name: string; email: string }> {
  const roles = (await api.get<{ items: { id: string; key: string }[] }>('/api/v1/roles')).items;
  const roleId = roles.find((r) => r.key === role)?.id;
  expect(roleId, `built-in role ${role}`).toBeDefined();
  return api.post('/api/v1/people', { name, email, roleId, password });
}
