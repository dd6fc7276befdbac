/**
 * The inbound SMTP listener: accepts mail for active desk mailboxes only (550 for any other
 * recipient), refuses messages over the size limit (552), and hands each message to the inbound
 * pipeline. Whatever a message contains, the listener answers and keeps running; a failure inside
 * Steward answers 451 so the sending server tries again later.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { findActiveMailbox } from './mailbox-service.ts';
import { receiveMail, type InboundDeps } from './inbound.ts';

export interface SmtpListener {
  port: number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

export async function startSmtpListener(deps: InboundDeps, opts: { host: string; port: number; maxBytes: number }): Promise<SmtpListener> {
  const server = new SMTPServer({
    name: 'steward',
    banner: 'Steward service desk',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    size: opts.maxBytes,
    maxClients: 50,
    socketTimeout: 60_000,
    logger: false,
    onRcptTo(address, _session, callback) {
      findActiveMailbox(deps.db, address.address).then(
        (mailbox) => callback(mailbox ? undefined : smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`)),
        (err: unknown) => {
          deps.log.error({ err }, 'smtp: mailbox lookup failed');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        },
      );
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= opts.maxBytes) chunks.push(chunk);
      });
      stream.on('error', (err) => deps.log.warn({ err }, 'smtp: message stream failed'));
      stream.on('end', () => {
        if (stream.sizeExceeded || size > opts.maxBytes) {
          deps.log.warn({ from: session.envelope.mailFrom, size }, 'smtp: message refused, too large');
          return callback(smtpError(552, `5.3.4 Message too big: at most ${opts.maxBytes} bytes`));
        }
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        receiveMail(deps, recipients, Buffer.concat(chunks)).then(
          (outcome) => {
            deps.log.info({ recipients, ...outcome }, `smtp: mail ${outcome.action}`);
            if (outcome.action === 'rejected') callback(smtpError(550, `5.7.1 ${outcome.reason}`));
            else callback(null, outcome.action === 'ignored' ? 'Accepted (no action)' : `Accepted: ${outcome.ticketKey}`);
          },
          (err: unknown) => {
            deps.log.error({ err, recipients }, 'smtp: mail could not be processed; asked the sender to retry');
            callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
          },
        );
      });
    },
  });
  server.on('error', (err) => deps.log.warn({ err }, 'smtp: connection error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
