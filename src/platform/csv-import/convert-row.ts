/**
 * Converts the mapped cells of one record to typed values, collecting every problem of the row at
 * once, each with the file line, the column header and the field it was meant for.
 */
import { type CellConverter, cellConverter } from './convert-cell.ts';
import type { ImportValue } from './fields.ts';
import { unescapeFormula } from './formula-escape.ts';
import type { ColumnPlan } from './mapping.ts';
import type { ImportOptions } from './options.ts';
import type { CsvRecord } from './read-csv.ts';

/**
 * A converted row as a target receives it. `values` holds a key for each mapped field: the value,
 * or null for an empty cell; a field no column feeds has no key, so an update leaves it alone.
 */
export interface ImportRow {
  line: number;
  values: Record<string, ImportValue | null>;
}

/** One problem of one row; `column` and `field` are absent when it concerns the whole row. */
export interface RowError {
  line: number;
  column?: string;
  field?: string;
  message: string;
}

/** Builds the converter of whole records for a column plan. */
export function rowConverter(plan: readonly ColumnPlan[], options: Pick<ImportOptions, 'dateFormat' | 'decimalSeparator'>) {
  const columns: (ColumnPlan & { convert: CellConverter })[] = plan.map((c) => ({ ...c, convert: cellConverter(c.field, options) }));
  return (record: CsvRecord): { row: ImportRow; errors: RowError[] } => {
    const values: ImportRow['values'] = {};
    const errors: RowError[] = [];
    for (const column of columns) {
      const result = column.convert(unescapeFormula(record.cells[column.index] ?? '').trim());
      if (result !== null && typeof result === 'object') {
        errors.push({ line: record.line, column: column.header, field: column.field.key, message: result.problem });
      } else values[column.field.key] = result;
    }
    return { row: { line: record.line, values }, errors };
  };
}
