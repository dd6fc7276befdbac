/** The service desk's background work: the SLA sweep and closing resolved tickets after their period. */
import { organisations } from '../../platform/auth/schema.ts';
import { systemContext } from '../../platform/context.ts';
import type { PeriodicTask } from '../../platform/jobs/runtime.ts';
import { sweepSlas } from './sla/sweep.ts';
import { autoCloseResolved } from './ticket-resolution-service.ts';

const batch = 500;

export const deskTasks: readonly PeriodicTask[] = [
  {
    name: 'sla-sweep',
    everyMs: 15_000,
    run: async (db, clock) => {
      // Catch up completely (after downtime there may be many), a batch at a time.
      for (;;) {
        const { warnings, breaches } = await sweepSlas(db, clock, batch);
        if (warnings + breaches < batch) return;
      }
    },
  },
  {
    name: 'ticket-auto-close',
    everyMs: 5 * 60_000,
    run: async (db, clock) => {
      for (const org of await db.select({ id: organisations.id }).from(organisations)) {
        while ((await autoCloseResolved(systemContext(db, org.id, 'auto-close', clock))) >= batch);
      }
    },
  },
];
