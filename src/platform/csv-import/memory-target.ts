/**
 * An in-memory import target with configuration-item-like fields, for the tests and the benchmark of
 * the import core: it upserts by asset tag, else serial number, else name, checks locations against
 * a known list the way a real target queries the database, and can be told to fail rows on write.
 */
import type { ImportRow } from './convert-row.ts';
import { defineImportFields, type ImportValue } from './fields.ts';
import type { ApplyOutcome, ImportTarget, TargetIssue } from './target.ts';

/** Fields shaped like those of a configuration item with its asset facet. */
export const ciLikeFields = defineImportFields([
  { key: 'assetTag', label: 'Asset tag', aliases: ['Tag', 'Inventory number'], type: 'text', maxLength: 40 },
  { key: 'serialNumber', label: 'Serial number', aliases: ['S/N', 'SN'], type: 'text', maxLength: 80 },
  { key: 'name', label: 'Name', aliases: ['Hostname', 'Device name'], type: 'text', required: true, maxLength: 200 },
  { key: 'status', label: 'Status', type: 'choice', choices: ['ordered', 'in_stock', 'deployed', 'in_repair', 'retired'] },
  { key: 'purchaseDate', label: 'Purchase date', type: 'date' },
  { key: 'purchaseCost', label: 'Purchase cost', aliases: ['Cost', 'Price'], type: 'number', money: true, min: 0 },
  { key: 'cores', label: 'CPU cores', type: 'integer', min: 1 },
  { key: 'owner', label: 'Owner', aliases: ['Assigned to', 'User e-mail'], type: 'email' },
  { key: 'location', label: 'Location', type: 'reference' },
  { key: 'managed', label: 'Managed', type: 'boolean' },
  { key: 'notes', label: 'Notes', aliases: ['Comment', 'Remarks'], type: 'text', maxLength: 5000 },
]);

type Values = Record<string, ImportValue | null>;

/** A target keeping its records in a Map. */
export class MemoryTarget implements ImportTarget {
  readonly fields = ciLikeFields;
  readonly identifiedBy = 'an asset tag, a serial number or a name';
  readonly records = new Map<string, Values>();
  readonly batches: { validate: number[]; apply: number[] } = { validate: [], apply: [] };
  readonly locations: Set<string>;
  /** Makes `apply` fail a row (as a unique violation or a lost race would): return the reason. */
  failOnApply: (row: ImportRow) => string | undefined = () => undefined;

  constructor(locations: string[] = ['Berlin', 'Lyon', 'London']) {
    this.locations = new Set(locations.map((l) => l.toLowerCase()));
  }

  keyOf(row: ImportRow): string | null {
    const { assetTag, serialNumber, name } = row.values;
    if (typeof assetTag === 'string') return `asset tag ${assetTag.toUpperCase()}`;
    if (typeof serialNumber === 'string') return `serial number ${serialNumber.toUpperCase()}`;
    if (typeof name === 'string') return `name ${name.toLowerCase()}`;
    return null;
  }

  async validate(rows: readonly ImportRow[]): Promise<TargetIssue[]> {
    this.batches.validate.push(rows.length);
    const issues: TargetIssue[] = [];
    for (const row of rows) {
      const location = row.values.location;
      if (typeof location === 'string' && !this.locations.has(location.toLowerCase())) {
        issues.push({ line: row.line, field: 'location', message: `no location is named "${location}"` });
      }
    }
    return issues;
  }

  async apply(rows: readonly ImportRow[]): Promise<ApplyOutcome[]> {
    this.batches.apply.push(rows.length);
    return rows.map((row) => {
      const failure = this.failOnApply(row);
      if (failure) return { failed: failure };
      const key = this.keyOf(row)!;
      const existing = this.records.get(key);
      if (!existing) {
        this.records.set(key, { ...row.values });
        return 'created';
      }
      const merged = { ...existing, ...row.values };
      if (Object.keys(merged).every((k) => merged[k] === existing[k])) return 'unchanged';
      this.records.set(key, merged);
      return 'updated';
    });
  }
}
