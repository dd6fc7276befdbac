/** The service desk's outbox subscribers, registered by the runtime with the process's job workers. */
import type { Config } from '../../config.ts';
import type { Subscriber } from '../../platform/events/subscribers.ts';
import { mailNotifier, type NotifierLog } from './mail/notifier.ts';

export function deskSubscribers(config: Config, log: NotifierLog): Subscriber[] {
  return [mailNotifier(config.mail, config.publicUrl, log)].filter((s): s is Subscriber => s !== undefined);
}
