/** Test helpers for imports: a started job runtime on the test app, uploads, runs and waiting for their end. */
import { expect } from 'vitest';
import type { Caller, TestApp } from '../../../test/support/app.ts';
import { multipart } from '../../../test/support/multipart.ts';
import { SubscriberRegistry } from '../../platform/events/subscribers.ts';
import { JobRuntime } from '../../platform/jobs/runtime.ts';
import type { Import } from './contract.ts';
import { importTasks } from './import-job.ts';

/** Starts pg-boss with the import worker on the test app and attaches it to the app's queue. */
export async function startImportWorker(t: TestApp): Promise<JobRuntime> {
  const tasks = importTasks(t.config, () => jobs);
  const jobs: JobRuntime = new JobRuntime({ database: t.database, clock: t.clock, subscribers: new SubscriberRegistry(), log: t.app.log, pollMs: 60_000, work: true, queued: tasks.queued });
  await jobs.start();
  t.app.jobQueue.attach(jobs);
  return jobs;
}

/** Uploads CSV text as a configuration-item import; answers the created import with its preview. */
export async function upload(caller: Caller, csv: string | Buffer, fileName = 'items.csv', fields: Record<string, string> = { kind: 'configuration_items' }) {
  const body = multipart({ fileName, contentType: 'text/csv', content: csv }, fields);
  return caller.request({ method: 'POST', url: '/api/v1/imports', payload: body.payload, headers: body.headers });
}

/** Polls an import until it has ended (succeeded, failed or cancelled); answers it. */
export async function ended(caller: Caller, id: string, timeoutMs = 60_000): Promise<Import> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await caller.get(`/api/v1/imports/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    const item = res.json() as Import;
    if (['succeeded', 'failed', 'cancelled'].includes(item.status)) return item;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${item.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a run and waits for its end. */
export async function run(caller: Caller, id: string, body: Record<string, unknown>): Promise<Import> {
  const res = await caller.post(`/api/v1/imports/${id}/run`, body);
  expect(res.statusCode, res.body).toBe(202);
  return ended(caller, id);
}

/** CSV text from rows of cells (comma-separated, quoted where needed). */
export function csvOf(rows: (string | number)[][]): string {
  const cell = (c: string | number) => {
    const s = String(c);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
