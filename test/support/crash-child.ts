/**
 * A Steward process for crash tests: the real `startSteward`, plus a probe subscriber that records
 * every delivery in a table, so a test can prove no event is lost or delivered twice.
 */
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/config.ts';
import { SubscriberRegistry } from '../../src/platform/events/subscribers.ts';
import { startSteward } from '../../src/runtime.ts';

const subscribers = new SubscriberRegistry();
subscribers.add({
  name: 'crash-probe',
  types: '*',
  handle: async (ctx, event) => {
    await ctx.db.execute(sql`INSERT INTO crash_probe (event_seq) VALUES (${event.seq})`);
  },
});

const steward = await startSteward(loadConfig(), {
  subscribers,
  beforeServe: async (database) => {
    await database.query('CREATE TABLE IF NOT EXISTS crash_probe (event_seq bigint NOT NULL, delivered_at timestamptz NOT NULL DEFAULT now())');
  },
});
process.once('SIGTERM', () => void steward.stop().then(() => process.exit(0)));
