/** HTTP route of inventory reports from agents and scripts. */
import { ctxOf } from '../../platform/http/access.ts';
import { problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { InventoryReport, InventoryResult } from './inventory-contract.ts';
import { recordInventory } from './inventory-service.ts';

/** Registers POST /api/v1/inventory. */
export function inventoryRoutes(app: App): void {
  app.post('/api/v1/inventory', {
    config: { access: 'inventory:write' },
    schema: {
      tags: ['Configuration items'],
      summary: 'Send an inventory report about one host',
      description:
        "For discovery agents and scripts (an API token with inventory:write, or anyone with cmdb:write). Finds the host's configuration item by serial number, " +
        'else by host name (its name or host name attribute), and creates it when there is none (201; class from class, default server). Hardware, OS and the primary ' +
        "interface's IP and MAC go to the attributes the item's class has; the software list replaces what earlier reports recorded. A report with unknown or " +
        'malformed fields answers 400 naming every one, and nothing is written.',
      body: InventoryReport,
      response: { 200: InventoryResult, 201: InventoryResult, ...problems(409) },
    },
    handler: async (req, reply) => {
      const { result, created } = await recordInventory(ctxOf(app, req), req.body);
      return reply.status(created ? 201 : 200).send(result);
    },
  });
}
