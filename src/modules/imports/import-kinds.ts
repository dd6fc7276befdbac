/**
 * What each kind of import writes to: its fields (for the mapping screen), the target a run drives,
 * and the permissions to run it and to read it. A new kind (assets, assignments, licences) is one
 * entry here and a target in its module.
 */
import type { ImportField } from '../../platform/csv-import/fields.ts';
import type { ImportOptionsInput } from '../../platform/csv-import/options.ts';
import type { ImportTarget } from '../../platform/csv-import/target.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Permission } from '../../platform/rbac/permissions.ts';
import { ciImportFields } from '../cmdb/ci-import-fields.ts';
import { CiImportTarget } from '../cmdb/ci-import-target.ts';
import { classIndex } from '../cmdb/class-index.ts';
import type { ImportKind } from './schema.ts';

/** One kind of import. */
export interface ImportKindSpec {
  /** "configuration items", for messages. */
  label: string;
  /** Needed to upload and run. */
  write: Permission;
  /** Needed to see the import and its report. */
  read: Permission;
  fields(ctx: Ctx): Promise<ImportField[]>;
  open(ctx: Ctx, options: ImportOptionsInput): Promise<ImportTarget>;
}

export const importKindSpecs: Record<ImportKind, ImportKindSpec> = {
  configuration_items: {
    label: 'configuration items',
    write: 'cmdb:write',
    read: 'cmdb:read',
    fields: async (ctx) => ciImportFields(await classIndex(ctx)),
    open: (ctx, options) => CiImportTarget.open(ctx, options),
  },
};
