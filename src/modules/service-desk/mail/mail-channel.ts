/**
 * Starts and stops the inbound side of the e-mail channel with the process (worker and all roles):
 * the SMTP listener when a port is configured, IMAP polling when a URL is.
 */
import type { Config } from '../../../config.ts';
import type { Database } from '../../../db/client.ts';
import type { Clock } from '../../../platform/context.ts';
import { attachmentStore } from '../attachment-routes.ts';
import { startImapPoller, type ImapPoller } from './imap-poller.ts';
import type { InboundLog } from './inbound.ts';
import { startSmtpListener, type SmtpListener } from './smtp-listener.ts';

export interface MailChannel {
  /** The inbound SMTP port, when listening. */
  smtpPort: number | undefined;
  stop(): Promise<void>;
}

export async function startMailChannel(config: Config, database: Database, clock: Clock, log: InboundLog): Promise<MailChannel> {
  const deps = { db: database.db, clock, mail: config.mail, store: attachmentStore(config), log };
  let listener: SmtpListener | undefined;
  let poller: ImapPoller | undefined;
  if (config.mail.listenPort !== undefined) {
    listener = await startSmtpListener(deps, { host: config.mail.listenHost, port: config.mail.listenPort, maxBytes: config.mail.maxMessageBytes });
    log.info({ host: config.mail.listenHost, port: listener.port }, 'inbound SMTP listener started');
  }
  if (config.mail.imap) {
    poller = startImapPoller(deps, config.mail.imap);
    log.info({ mailbox: config.mail.imap.mailbox, everySeconds: config.mail.imap.pollSeconds }, 'IMAP polling started');
  }
  return {
    smtpPort: listener?.port,
    stop: async () => {
      await poller?.stop();
      await listener?.close();
    },
  };
}
