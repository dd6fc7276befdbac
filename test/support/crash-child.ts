/**
 * A Steward process for crash tests: the real `startSteward`, plus a probe subscriber that records
 * every delivery in a table, so a test can prove no event is lost or delivered twice.
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

const config = loadConfig();
const steward = await startSteward(config, {
  subscribers,
  beforeServe: async (database) => {
    await database.query('CREATE TABLE IF NOT EXISTS crash_probe (event_seq bigint NOT NULL, delivered_at timestamptz NOT NULL DEFAULT now())');
  },
});

// Progress for the test (which cannot open an embedded database this process holds): events vs deliveries.
const statusFile = path.join(config.dataDir, 'probe-status.json');
const timer = setInterval(() => {
  const at = Date.now(); // taken before the query, so the counts include everything committed by then
  steward.database
    .query<{ events: number; delivered: number }>(
      'SELECT (SELECT count(*)::int FROM events) AS events, (SELECT count(DISTINCT event_seq)::int FROM crash_probe) AS delivered',
    )
    .then(([row]) => {
      writeFileSync(`${statusFile}.tmp`, JSON.stringify({ ...row, at }));
      renameSync(`${statusFile}.tmp`, statusFile); // atomic: the test never reads half a file
    })
    .catch(() => {});
}, 200);
process.once('SIGTERM', () => {
  clearInterval(timer);
  void steward.stop().then(() => process.exit(0));
});
