/** HTTP route of the configuration-item CSV export. */
import { z } from 'zod';
import { toCsv } from '../../platform/csv-import/to-csv.ts';
import { ctxOf } from '../../platform/http/access.ts';
import { problems } from '../../platform/http/route-schema.ts';
import type { App } from '../../platform/http/types.ts';
import { CiExportQuery, exportCis } from './ci-export.ts';

const delimiters = { comma: ',', semicolon: ';', tab: '\t' } as const;

/** Registers GET /api/v1/configuration-items/export.csv. */
export function ciExportRoutes(app: App): void {
  app.get('/api/v1/configuration-items/export.csv', {
    config: { access: 'cmdb:read' },
    schema: {
      tags: ['Configuration items'],
      summary: 'Every configuration item the filters match, as CSV',
      description:
        'Takes the filters of the list (q, class, status, attr.<key>, …) and answers every match, streamed, in the columns the CSV import takes: ' +
        'edit the file and import it again. With class=, the attribute columns are that class\'s; otherwise every attribute of the organisation has a column. ' +
        'UTF-8 with a byte-order mark; cells a spreadsheet would run as formulas start with a quote.',
      querystring: CiExportQuery,
      produces: ['text/csv'],
      response: { 200: z.string().describe('CSV with a header row'), ...problems() },
    },
    handler: async (req, reply) => {
      const ctx = ctxOf(app, req);
      const { columns, rows } = await exportCis(ctx, req.query);
      const day = ctx.clock.now().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="configuration-items-${day}.csv"`)
        // A stream skips the serializer; the schema documents what it carries.
        .send(toCsv(rows, columns, { delimiter: delimiters[req.query.delimiter ?? 'comma'] }) as unknown as string);
    },
  });
}
