/**
 * Optional IMAP polling: every few seconds, fetch the unseen messages of one IMAP folder, put each
 * through the inbound pipeline as mail to the configured desk mailbox, and mark it seen. A message
 * whose processing fails stays unseen and is tried again at the next poll.
 */
import { ImapFlow } from 'imapflow';
import { receiveMail, type InboundDeps } from './inbound.ts';

export interface ImapSettings {
  url: string;
  /** The desk mailbox address these messages are for. */
  mailbox: string;
  pollSeconds: number;
}

export interface ImapPoller {
  /** Polls once now; resolves to the number of messages taken in. */
  pollNow(): Promise<number>;
  stop(): Promise<void>;
}

const perPoll = 50;

/** Host, port, TLS, credentials and folder from `imaps://user:pass@host:993/INBOX`. */
export function imapTarget(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'imaps:';
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 993 : 143,
    secure,
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    folder: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

export function startImapPoller(deps: InboundDeps, settings: ImapSettings): ImapPoller {
  const target = imapTarget(settings.url);
  let running: Promise<number> | undefined;
  let stopped = false;

  const poll = async (): Promise<number> => {
    const client = new ImapFlow({ host: target.host, port: target.port, secure: target.secure, auth: target.auth, logger: false, connectionTimeout: 30_000 });
    client.on('error', (err: unknown) => deps.log.warn({ err }, 'imap: connection error'));
    await client.connect();
    let taken = 0;
    try {
      const lock = await client.getMailboxLock(target.folder);
      try {
        const uids = ((await client.search({ seen: false }, { uid: true })) || []).slice(0, perPoll);
        for (const uid of uids) {
          if (stopped) break;
          const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (!message || !message.source) continue;
          try {
            const outcome = await receiveMail(deps, [settings.mailbox], message.source);
            deps.log.info({ uid, ...outcome }, `imap: mail ${outcome.action}`);
            await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
            taken++;
          } catch (err) {
            deps.log.error({ err, uid }, 'imap: mail could not be processed; it stays unseen for the next poll');
          }
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => client.close());
    }
    return taken;
  };

  const pollNow = () =>
    (running ??= poll()
      .catch((err: unknown) => {
        deps.log.error({ err }, 'imap: poll failed; retrying at the next interval');
        return 0;
      })
      .finally(() => {
        running = undefined;
      }));

  const timer = setInterval(() => void pollNow(), settings.pollSeconds * 1000);
  timer.unref();
  void pollNow();
  return {
    pollNow,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
