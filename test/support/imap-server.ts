/**
 * A throwaway IMAP server on 127.0.0.1 for tests (hoodiecrow-imap: in memory, one user
 * `testuser`/`testpass`), holding the given raw messages in INBOX.
 */
import type { AddressInfo, Server } from 'node:net';
// @ts-expect-error hoodiecrow-imap ships no types
import hoodiecrow from 'hoodiecrow-imap';

export interface TestImapServer {
  url: string;
  close(): Promise<void>;
}

export async function startImapServer(messages: { raw: string; flags?: string[] }[]): Promise<TestImapServer> {
  const imap = (hoodiecrow as (options: object) => { listen(port: number, host: string, cb: () => void): void; server: Server; close(cb: () => void): void })({
    plugins: ['ENABLE', 'UNSELECT', 'IDLE', 'SASL-IR', 'AUTH-PLAIN', 'NAMESPACE', 'UIDPLUS', 'LITERALPLUS'],
    storage: { INBOX: { messages } },
  });
  await new Promise<void>((resolve) => imap.listen(0, '127.0.0.1', resolve));
  const { port } = imap.server.address() as AddressInfo;
  return { url: `imap://testuser:testpass@127.0.0.1:${port}/INBOX`, close: () => new Promise<void>((resolve) => imap.close(() => resolve())) };
}
