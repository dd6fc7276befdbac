import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.ts';
import { startSteward } from '../../../runtime.ts';
import { newPostgresDatabaseUrl, onPostgres } from '../../../../test/support/database.ts';

async function env(role: string): Promise<Record<string, string>> {
  const e: Record<string, string> = {
    STEWARD_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'steward-mail-')),
    STEWARD_ADMIN_PASSWORD: 'Mail-channel-password-1',
    STEWARD_LOG_LEVEL: 'silent',
    STEWARD_ROLE: role,
    STEWARD_SMTP_LISTEN_PORT: '0',
  };
  if (onPostgres()) e.DATABASE_URL = await newPostgresDatabaseUrl();
  return e;
}

describe('the e-mail channel with the process', () => {
  it('listens for SMTP in a worker, not in a web-only process, and stops with it', { timeout: 120_000 }, async () => {
    const web = await startSteward(loadConfig(await env('web')), { listen: false });
    try {
      expect(web.mail).toBeUndefined();
    } finally {
      await web.stop();
    }
    const worker = await startSteward(loadConfig(await env('worker')), { listen: false });
    const port = worker.mail?.smtpPort;
    try {
      expect(port).toBeGreaterThan(0);
      const smtp = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5000 });
      expect(await smtp.verify()).toBe(true);
      const refused = (await smtp.sendMail({ from: 'a@example.test', to: 'no-mailbox@example.test', text: 'x' }).catch((e: unknown) => e)) as { responseCode?: number };
      expect(refused.responseCode).toBe(550);
      smtp.close();
    } finally {
      await worker.stop();
    }
    const after = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 2000 });
    await expect(after.verify()).rejects.toThrow();
  });
});
