import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
let admin: Caller;
beforeAll(async () => {
  t = await makeTestApp();
  admin = await t.admin();
});
afterAll(() => t.close());

describe('the directory', () => {
  it('lets every member find active colleagues by name, with only name, e-mail, job title and department', async () => {
    const me = await t.makePerson({ name: 'Dina Requester', role: 'requester' });
    const colleague = await t.makePerson({ name: 'Colin Colleague', role: 'requester' });
    const gone = await t.makePerson({ name: 'Colin Gone', role: 'requester' });
    const person = (await admin.get(`/api/v1/people/${gone.id}`)).json();
    expect((await admin.patch(`/api/v1/people/${gone.id}`, { version: person.version, status: 'disabled' })).statusCode).toBe(200);
    const requester = await t.login(me.email, me.password);
    expect((await requester.get('/api/v1/people?q=colin')).statusCode).toBe(403);
    const found = (await requester.get('/api/v1/people/directory?q=colin')).json().items;
    expect(found).toEqual([{ id: colleague.id, name: 'Colin Colleague', email: colleague.email, jobTitle: '', department: null }]);
    expect((await requester.get(`/api/v1/people/directory/${colleague.id}`)).json().name).toBe('Colin Colleague');
    const elsewhere = (await admin.post('/api/v1/organisations', { slug: 'other-dir', name: 'Other' })).json();
    const stranger = await t.makePerson({ name: 'Colin Stranger', role: 'requester', orgId: elsewhere.id });
    expect((await requester.get(`/api/v1/people/directory/${stranger.id}`)).statusCode).toBe(404);
    expect((await requester.get('/api/v1/people/directory?q=stranger')).json().items).toEqual([]);
  });
});
