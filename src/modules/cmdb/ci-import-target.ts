/**
 * The configuration-item side of a CSV import: its columns, the identity of a row (asset tag, else
 * serial number, else name within the class), the batch check and the batch write, acting as the
 * person who started the import (their permission is checked, their name is on the audit rows).
 */
import type { ImportRow } from '../../platform/csv-import/convert-row.ts';
import type { ImportField } from '../../platform/csv-import/fields.ts';
import { importOptions, type ImportOptionsInput } from '../../platform/csv-import/options.ts';
import type { ApplyOutcome, ImportTarget, TargetIssue } from '../../platform/csv-import/target.ts';
import { requirePermission, type Ctx } from '../../platform/context.ts';
import { CiImportChecker } from './ci-import-check.ts';
import { AttributeCellReader, ciImportFields } from './ci-import-fields.ts';
import { CiImportDirectory } from './ci-import-lookup.ts';
import type { CiRowPlan } from './ci-import-row.ts';
import { writeCiPlans } from './ci-import-write.ts';

/** Imports configuration items: creates new ones and updates the ones rows match. */
export class CiImportTarget implements ImportTarget {
  readonly fields: readonly ImportField[];
  readonly identifiedBy = 'an asset tag, a serial number or a name';
  readonly #ctx: Ctx;
  readonly #dir: CiImportDirectory;
  readonly #checker: CiImportChecker;
  readonly #plans = new Map<number, CiRowPlan>();

  private constructor(ctx: Ctx, dir: CiImportDirectory, options: ImportOptionsInput) {
    this.#ctx = ctx;
    this.#dir = dir;
    this.fields = ciImportFields(dir.classes);
    this.#checker = new CiImportChecker(ctx, dir, new AttributeCellReader(importOptions(options)));
  }

  /** A target for one run in the caller's organisation; `options` give the date and decimal formats of attribute cells. */
  static async open(ctx: Ctx, options: ImportOptionsInput = {}): Promise<CiImportTarget> {
    requirePermission(ctx, 'cmdb:write');
    return new CiImportTarget(ctx, await CiImportDirectory.load(ctx), options);
  }

  keyOf(row: ImportRow): string | null {
    const { assetTag, serialNumber, name } = row.values;
    if (typeof assetTag === 'string' && assetTag) return `asset tag ${assetTag.toUpperCase()}`;
    if (typeof serialNumber === 'string' && serialNumber) return `serial number ${serialNumber.toUpperCase()}`;
    if (typeof name !== 'string' || !name) return null;
    const className = typeof row.values.class === 'string' ? row.values.class : '';
    const cls = this.#dir.classOf(className);
    return `the name "${name.toLowerCase()}" in the class ${cls?.key ?? className.trim().toLowerCase()}`;
  }

  async validate(rows: readonly ImportRow[]): Promise<TargetIssue[]> {
    const { issues, plans } = await this.#checker.check(rows);
    // apply follows the check of the same batch (a dry run never applies): keep this batch's plans only.
    this.#plans.clear();
    for (const plan of plans) this.#plans.set(plan.line, plan);
    return issues;
  }

  async apply(rows: readonly ImportRow[]): Promise<ApplyOutcome[]> {
    const plans = rows.map((r) => this.#plans.get(r.line));
    for (const r of rows) this.#plans.delete(r.line);
    const known = plans.filter((p): p is CiRowPlan => p !== undefined);
    const outcomes = await writeCiPlans(this.#ctx, this.#dir.classes, known);
    let at = 0;
    return plans.map((p) => (p ? outcomes[at++]! : { failed: 'was not checked before the write' }));
  }
}
