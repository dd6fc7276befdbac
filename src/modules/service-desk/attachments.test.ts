import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type Caller, type TestApp } from '../../../test/support/app.ts';
import { multipart, type FilePart } from '../../../test/support/multipart.ts';

let t: TestApp;
let admin: Caller;
const maxBytes = 64 * 1024;

beforeAll(async () => {
  t = await makeTestApp({ STEWARD_ATTACHMENT_MAX_BYTES: String(maxBytes) });
  admin = await t.admin();
});
afterAll(() => t.close());

const upload = (caller: Caller, ticket: string, file: FilePart | undefined, fields: Record<string, string> = {}) =>
  caller.request({ method: 'POST', url: `/api/v1/tickets/${ticket}/attachments`, ...multipart(file, fields) });

/** Every file under the attachment store, relative to it. */
function storedFiles(): string[] {
  const root = path.join(t.config.dataDir, 'attachments');
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
      .sort();
  } catch {
    return [];
  }
}

async function ticket(caller: Caller, body: Record<string, unknown> = {}) {
  const res = await caller.post('/api/v1/tickets', { type: 'incident', title: 'Files', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; key: string; version: number };
}

describe('attachments', () => {
  it('round-trips the exact bytes with download headers, a unicode name and a content-addressed file', async () => {
    const t1 = await ticket(admin);
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0xfe, ...Buffer.from('rest of a pdf')]);
    const name = "Rechnung März 'final' (2) 😀.pdf";
    const res = await upload(admin, t1.key, { fileName: name, contentType: 'application/pdf', content: bytes });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ fileName: name, contentType: 'application/pdf', sizeBytes: bytes.length, visibility: 'public', source: 'portal', commentId: null });
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(storedFiles()).toContain(path.join(a.sha256.slice(0, 2), a.sha256));

    const down = await admin.get(a.downloadUrl);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(bytes)).toBe(true);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-length']).toBe(String(bytes.length));
    expect(down.headers['content-disposition']).toBe(
      `attachment; filename="Rechnung M_rz 'final' (2) __.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz%20%27final%27%20%282%29%20%F0%9F%98%80.pdf`,
    );
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.headers['content-security-policy']).toContain("default-src 'none'");
    expect(down.headers['content-security-policy']).toContain('sandbox');

    const list = (await admin.get(`/api/v1/tickets/${t1.id}/attachments`)).json();
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([a.id]);

    // The same content again shares the stored file; deleting one record keeps it for the other.
    const again = (await upload(admin, t1.key, { fileName: 'copy.pdf', contentType: 'application/pdf', content: bytes })).json();
    expect(again.sha256).toBe(a.sha256);
    expect((await admin.delete(`/api/v1/tickets/${t1.key}/attachments/${a.id}`)).statusCode).toBe(204);
    expect(storedFiles()).toContain(path.join(a.sha256.slice(0, 2), a.sha256));
    expect((await admin.get(a.downloadUrl)).statusCode).toBe(404);
    expect((await admin.delete(`/api/v1/tickets/${t1.key}/attachments/${again.id}`)).statusCode).toBe(204);
    expect(storedFiles()).not.toContain(path.join(a.sha256.slice(0, 2), a.sha256));
    const history = (await admin.get(`/api/v1/tickets/${t1.key}/history`)).json().items.map((e: { action: string }) => e.action);
    expect(history).toEqual(['created', 'attachment_added', 'attachment_added', 'attachment_deleted', 'attachment_deleted']);
  });

  it('refuses a file over the size limit with 413 naming file, leaving no row and no stray file', async () => {
    const t1 = await ticket(admin);
    const before = storedFiles();
    const res = await upload(admin, t1.key, { fileName: 'big.bin', content: Buffer.alloc(maxBytes + 1, 7) });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', errors: [{ field: 'file' }] });
    expect(storedFiles()).toEqual(before);
    expect((await admin.get(`/api/v1/tickets/${t1.key}/attachments`)).json().items).toEqual([]);
    // Exactly at the limit is fine.
    expect((await upload(admin, t1.key, { fileName: 'edge.bin', content: Buffer.alloc(maxBytes, 7) })).statusCode).toBe(201);
  });

  it('refuses executables and scripts with 415 naming file: by extension, declared type and content', async () => {
    const t1 = await ticket(admin);
    const before = storedFiles();
    const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    const cases: FilePart[] = [
      { fileName: 'setup.exe', content: 'harmless text' },
      { fileName: 'RUN.PS1', contentType: 'text/plain', content: 'Write-Host hi' },
      { fileName: 'notes.txt', contentType: 'application/x-msdownload', content: 'text' },
      { fileName: 'invoice.pdf', contentType: 'application/pdf', content: pe },
      { fileName: 'report.txt', contentType: 'text/plain', content: '#!/bin/sh\nrm -rf /\n' },
      { fileName: 'tool.bin', content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(60)]) },
    ];
    for (const file of cases) {
      const res = await upload(admin, t1.key, file);
      expect(res.statusCode, file.fileName).toBe(415);
      expect(res.json(), file.fileName).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', errors: [{ field: 'file' }] });
    }
    expect(storedFiles()).toEqual(before);
    expect((await admin.get(`/api/v1/tickets/${t1.key}/attachments`)).json().items).toEqual([]);
  });

  it('answers a request without a file part, or not multipart, with a problem naming file', async () => {
    const t1 = await ticket(admin);
    const none = await upload(admin, t1.key, undefined, { visibility: 'public' });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors).toEqual([{ field: 'file', message: 'is required' }]);
    const json = await admin.post(`/api/v1/tickets/${t1.key}/attachments`, { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect(json.json().errors[0].field).toBe('file');
    const badField = await upload(admin, t1.key, { fileName: 'a.txt', content: 'a' }, { visibility: 'secret' });
    expect(badField.statusCode).toBe(400);
    expect(badField.json().errors[0].field).toBe('visibility');
    expect(storedFiles().filter((f) => f.startsWith('tmp'))).toEqual([]);
  });

  it('scopes requesters: their own tickets only, public files only, internal ones hidden', async () => {
    const person = await t.makePerson({ role: 'requester' });
    const requester = await t.login(person.email, person.password);
    const other = await t.makePerson({ role: 'requester' });
    const stranger = await t.login(other.email, other.password);
    const mine = await ticket(requester);

    const pub = await upload(requester, mine.key, { fileName: 'screenshot.png', contentType: 'image/png', content: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
    expect(pub.statusCode, pub.body).toBe(201);
    expect(pub.json().contentType).toBe('image/png');
    const refused = await upload(requester, mine.key, { fileName: 'x.txt', content: 'x' }, { visibility: 'internal' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors).toEqual([{ field: 'visibility', message: 'must be public' }]);

    const note = (await admin.post(`/api/v1/tickets/${mine.key}/comments`, { text: 'Vendor contract attached', visibility: 'internal' })).json();
    const internal = await upload(admin, mine.key, { fileName: 'contract.txt', contentType: 'text/plain', content: 'secret terms' }, { commentId: note.id });
    expect(internal.statusCode, internal.body).toBe(201);
    expect(internal.json()).toMatchObject({ visibility: 'internal', commentId: note.id });
    // A requester cannot attach to an internal note: it is not a comment they can see.
    const onNote = await upload(requester, mine.key, { fileName: 'y.txt', content: 'y' }, { commentId: note.id });
    expect(onNote.statusCode).toBe(400);
    expect(onNote.json().errors[0].field).toBe('commentId');

    expect((await requester.get(`/api/v1/tickets/${mine.key}/attachments`)).json().items.map((a: { fileName: string }) => a.fileName)).toEqual(['screenshot.png']);
    expect((await admin.get(`/api/v1/tickets/${mine.key}/attachments`)).json().items).toHaveLength(2);
    expect((await requester.get(internal.json().downloadUrl)).statusCode).toBe(404);
    expect((await requester.get(pub.json().downloadUrl)).statusCode).toBe(200);

    for (const res of [
      await stranger.get(`/api/v1/tickets/${mine.key}/attachments`),
      await stranger.get(pub.json().downloadUrl),
      await upload(stranger, mine.key, { fileName: 'z.txt', content: 'z' }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('TICKET_NOT_FOUND');
    }
    expect((await requester.delete(pub.json().downloadUrl)).statusCode).toBe(403);
  });
});
