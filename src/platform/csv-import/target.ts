/**
 * What a domain implements to receive CSV rows (configuration items, assets, assignments, licences):
 * its fields, the identity of a row for idempotent upserts, a batch check that may query the
 * database, and a batch write. The import driver does the reading, mapping, converting and
 * bookkeeping, and never calls `apply` with a row that has a problem.
 */
import type { ImportField } from './fields.ts';
import type { ImportRow } from './convert-row.ts';

/** A problem the target found in a row; `field` is a field key when one field is at fault. */
export interface TargetIssue {
  line: number;
  field?: string;
  message: string;
}

/** What `apply` did with one row; `failed` means nothing of the row was written. */
export type ApplyOutcome = 'created' | 'updated' | 'unchanged' | { failed: string; field?: string };

/** A domain's side of a CSV import. */
export interface ImportTarget {
  /** The fields columns can be mapped to. */
  readonly fields: readonly ImportField[];
  /** What identifies a row, for messages: "an asset tag, a serial number or a name". */
  readonly identifiedBy: string;
  /**
   * The row's identity for the upsert, normalised as the target compares it and readable, since
   * messages show it ("asset tag AST-1", else "serial number …", else "name …"); null when the row
   * has nothing to identify it by. Two rows of one file with the same key are duplicates.
   */
  keyOf(row: ImportRow): string | null;
  /**
   * Checks a batch of rows whose cells all converted and whose keys are new in the file (references
   * exist, values allowed, the key does not clash in the database); returns every problem found.
   */
  validate(rows: readonly ImportRow[]): Promise<TargetIssue[]>;
  /**
   * Writes a batch of rows that passed `validate`, creating or updating by key, one transaction per
   * batch, each row whole or not at all (a savepoint per row); returns one outcome per row, in order.
   */
  apply(rows: readonly ImportRow[]): Promise<ApplyOutcome[]>;
}
