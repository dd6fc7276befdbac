/**
 * The check of a batch of configuration-item rows: references resolved (class, owner, support group,
 * location, people and items in attributes), the existing item each row matches (asset tag, else
 * serial number, else name within the class), and the resulting item checked as the API checks it
 * (asset facets, cloud fields, racks, typed attributes). Every problem is reported with its column;
 * a row without problems gets a plan the write carries out.
 */
import type { ImportRow } from '../../platform/csv-import/convert-row.ts';
import type { TargetIssue } from '../../platform/csv-import/target.ts';
import type { Ctx } from '../../platform/context.ts';
import { checkAttributes, type AttributeValue } from './attributes.ts';
import { attributeColumns, attributeFor, AttributeCellReader, ciBaseFieldKeys, type AttributeColumn } from './ci-import-fields.ts';
import { itemsByRef, matchItems, nameKey, peopleByEmail, type CiImportDirectory, type ItemMatches } from './ci-import-lookup.ts';
import { parseTags, stateAfter, type CiImportSet, type CiRowPlan } from './ci-import-row.ts';
import type { CiRow } from './ci-query.ts';
import { effectiveAttributes, isKindOf, type ClassRow } from './class-index.ts';

type Values = ImportRow['values'];
const str = (v: Values[string]): string | null => (v === null || v === undefined ? null : String(v));

/** A row after its own cells were read, before the batch's lookups. */
interface Draft {
  row: ImportRow;
  cls?: ClassRow;
  set: CiImportSet;
  ownerEmail?: string;
  /** Attribute cells by column field, with the definition they feed. */
  cells: { column: AttributeColumn; key: string; value: AttributeValue | null; type: string }[];
  issues: TargetIssue[];
}

/** Checks rows against the organisation; remembers which item each checked row claimed. */
export class CiImportChecker {
  readonly #ctx: Ctx;
  readonly #dir: CiImportDirectory;
  readonly #reader: AttributeCellReader;
  readonly #columns: AttributeColumn[];
  /** Item ids, and asset tags / serial numbers of items to create, by the first line that claimed them. */
  readonly #claims = new Map<string, number>();

  constructor(ctx: Ctx, dir: CiImportDirectory, reader: AttributeCellReader) {
    this.#ctx = ctx;
    this.#dir = dir;
    this.#reader = reader;
    this.#columns = attributeColumns(dir.classes);
  }

  /** The problems of each row and, for rows without any, what writing them will do. */
  async check(rows: readonly ImportRow[]): Promise<{ issues: TargetIssue[]; plans: CiRowPlan[] }> {
    const drafts = rows.map((row) => this.#draft(row));
    const personEmails = drafts.flatMap((d) => [...(d.ownerEmail ? [d.ownerEmail] : []), ...d.cells.filter((c) => c.type === 'person' && c.value !== null).map((c) => String(c.value))]);
    const ciRefs = drafts.flatMap((d) => d.cells.filter((c) => c.type === 'ci' && c.value !== null).map((c) => String(c.value)));
    const withClass = drafts.filter((d) => d.cls);
    const [people, items, matches] = await Promise.all([
      peopleByEmail(this.#ctx, personEmails),
      itemsByRef(this.#ctx, ciRefs),
      matchItems(this.#ctx, {
        tags: withClass.flatMap((d) => (d.set.assetTag ? [d.set.assetTag] : [])),
        serials: withClass.flatMap((d) => (d.set.serialNumber ? [d.set.serialNumber] : [])),
        names: withClass.map((d) => ({ name: d.set.name!, classId: d.cls!.id })),
      }),
    ]);
    const issues: TargetIssue[] = [];
    const plans: CiRowPlan[] = [];
    for (const d of drafts) {
      const line = d.row.line;
      const issue = (field: string | undefined, message: string) => d.issues.push({ line, ...(field ? { field } : {}), message });
      if (d.ownerEmail !== undefined) {
        const person = people.get(d.ownerEmail.toLowerCase());
        if (person) d.set.ownerId = person.id;
        else issue('owner', `no person of this organisation has the e-mail ${d.ownerEmail}`);
      }
      const attributes: Record<string, AttributeValue | null> = {};
      for (const c of d.cells) {
        if (c.value === null) attributes[c.key] = null;
        else if (c.type === 'person') {
          const person = people.get(String(c.value).toLowerCase());
          if (person) attributes[c.key] = person.id;
          else issue(c.column.field, `no person of this organisation has the e-mail ${c.value}`);
        } else if (c.type === 'ci') {
          const item = items.get(String(c.value).trim().toUpperCase());
          if (item) attributes[c.key] = item.id;
          else issue(c.column.field, `no configuration item ${c.value} in this organisation; give its key (CI-42)`);
        } else attributes[c.key] = c.value;
      }
      const current = d.cls ? this.#match(d, matches, issue) : undefined;
      if (d.issues.length === 0 && d.cls) {
        const plan: CiRowPlan = { line, cls: d.cls, matchId: current?.id ?? null, set: d.set, attributes };
        this.#checkResult(d, plan, current, items, issue);
        if (d.issues.length === 0) {
          plans.push(plan);
          this.#claim(plan, current);
        }
      }
      issues.push(...d.issues.sort((a, b) => this.#rank(a.field) - this.#rank(b.field)));
    }
    return { issues, plans };
  }

  /** Where a field's column comes among the fields, so a row's problems read left to right. */
  #rank(field: string | undefined): number {
    if (field === undefined) return -1;
    const base = (ciBaseFieldKeys as readonly string[]).indexOf(field);
    return base >= 0 ? base : ciBaseFieldKeys.length + this.#columns.findIndex((c) => c.field === field);
  }

  /** Reads the row's own cells: class, choices, tags, references held in memory, attribute cells. */
  #draft(row: ImportRow): Draft {
    const v = row.values;
    const d: Draft = { row, set: {}, cells: [], issues: [] };
    const issue = (field: string, message: string) => d.issues.push({ line: row.line, field, message });
    const className = str(v.class);
    if (className !== null) {
      d.cls = this.#dir.classOf(className);
      if (!d.cls) issue('class', `no class is named "${className}"; give a class key such as server or laptop, or a class name`);
    }
    if ('name' in v) d.set.name = str(v.name) ?? undefined;
    for (const field of ['status', 'environment', 'hosting', 'criticality'] as const) if (field in v) (d.set as Record<string, unknown>)[field] = str(v[field]);
    if ('description' in v) d.set.description = str(v.description);
    if ('tags' in v) {
      const tags = str(v.tags) === null ? [] : parseTags(str(v.tags)!);
      if (Array.isArray(tags)) d.set.tags = tags;
      else issue('tags', tags.problem);
    }
    if ('owner' in v) {
      if (v.owner === null) d.set.ownerId = null;
      else d.ownerEmail = str(v.owner)!;
    }
    if ('supportGroup' in v) {
      const name = str(v.supportGroup);
      const team = name === null ? undefined : this.#dir.teamOf(name);
      if (name !== null && !team) issue('supportGroup', `no team is named "${name}"`);
      d.set.supportGroupId = team?.id ?? null;
    }
    if ('location' in v) {
      const text = str(v.location);
      const found = text === null ? null : this.#dir.locationOf(text);
      if (found && 'problem' in found) issue('location', found.problem);
      else d.set.locationId = found?.id ?? null;
    }
    if ('assetTag' in v) d.set.assetTag = str(v.assetTag);
    if ('serialNumber' in v) d.set.serialNumber = str(v.serialNumber);
    if (d.cls) {
      const mappedFields = new Set(Object.keys(v));
      for (const column of this.#columns) {
        if (!(column.field in v)) continue;
        const raw = str(v[column.field]);
        const def = attributeFor(this.#dir.classes, d.cls, column, { mappedFields });
        if (!def) {
          if (raw !== null) issue(column.field, `is not an attribute of the class ${d.cls.name}; leave the cell empty for items of that class`);
          continue;
        }
        const value = raw === null ? null : this.#reader.read(def, raw);
        if (value !== null && typeof value === 'object') issue(column.field, value.problem);
        else if (value !== null && def.type === 'ci' && !/^(CI-\d+|[0-9a-f-]{36})$/i.test(String(value).trim())) {
          issue(column.field, `must be the key of a configuration item (CI-42), not "${value}"`);
        } else d.cells.push({ column, key: def.key, value, type: def.type });
      }
    }
    return d;
  }

  /** The existing item the row updates, if any: asset tag, else serial number, else name within the class. */
  #match(d: Draft, m: ItemMatches, issue: (field: string | undefined, message: string) => void): CiRow | undefined {
    const tag = d.set.assetTag?.toLowerCase();
    const serial = d.set.serialNumber?.toLowerCase();
    let found = tag ? m.byTag.get(tag) : undefined;
    const bySerial = serial ? m.bySerial.get(serial) : undefined;
    if (found && bySerial && bySerial.id !== found.id) issue('serialNumber', `is already used by ${bySerial.key}, while the asset tag is ${found.key}'s`);
    if (!found && bySerial) {
      if (tag && bySerial.assetTag) issue('serialNumber', `is already used by ${bySerial.key}, which has the asset tag ${bySerial.assetTag}`);
      found = bySerial;
    }
    if (!found && d.set.name) {
      const named = (m.byName.get(nameKey(d.set.name, d.cls!.id)) ?? []).filter((r) => (!tag && !serial) || (r.assetTag === null && r.serialNumber === null));
      if (named.length > 1) {
        issue('name', `${named.length} items of the class ${d.cls!.name} are named "${d.set.name}" (${named.map((r) => r.key).join(', ')}); add an asset tag or serial number to tell them apart`);
      } else found = named[0];
    }
    const claimKeys = found ? [found.id] : [...(tag ? [`tag:${tag}`] : []), ...(serial ? [`serial:${serial}`] : [])];
    const earlier = claimKeys.map((k) => this.#claims.get(k)).find((l) => l !== undefined);
    if (earlier !== undefined) issue(undefined, `is the same item${found ? ` (${found.key})` : ''} as line ${earlier}`);
    if (found && found.classId !== d.cls!.id) {
      issue('class', `${found.key} is a ${this.#dir.classes.byId.get(found.classId)?.name ?? 'another class'}; an import does not change an item's class`);
    }
    return found;
  }

  /** Checks the item the row leads to, as the API would: facets, cloud fields, rack, attributes. */
  #checkResult(d: Draft, plan: CiRowPlan, current: CiRow | undefined, items: Map<string, { classId: string }>, issue: (field: string | undefined, message: string) => void): void {
    const cls = plan.cls;
    const next = stateAfter(current, plan);
    if (!cls.isAsset) {
      if (next.assetTag !== null) issue('assetTag', `applies only to asset classes; ${cls.name} is not one`);
      if (next.serialNumber !== null) issue('serialNumber', `applies only to asset classes; ${cls.name} is not one`);
    }
    if (current && next.hosting !== 'cloud' && next.hosting !== 'hybrid' && (current.cloudProvider || current.cloudAccount || current.cloudRegion)) {
      issue('hosting', `${current.key} has cloud provider, account or region, which apply only to cloud or hybrid hosting; clear them first`);
    }
    if (current?.rackPosition != null && next.locationId !== current.locationId && this.#dir.locations.get(next.locationId ?? '')?.kind !== 'rack') {
      issue('location', `${current.key} sits at rack unit ${current.rackPosition}, so its location must be a rack`);
    }
    const fieldOf = new Map(d.cells.map((c) => [c.key, c.column.field]));
    const defs = effectiveAttributes(this.#dir.classes, cls);
    const checked = checkAttributes(defs, next.attributes, cls.key);
    for (const error of checked.errors) {
      const key = error.field.replace(/^attributes\./, '');
      const label = defs.find((x) => x.key === key)?.label ?? key;
      issue(fieldOf.get(key), fieldOf.has(key) ? error.message : `${label}: ${error.message}`);
    }
    for (const { key, ref, ciClass } of checked.cis) {
      if (ref === current?.id) issue(fieldOf.get(key), 'must not be the item itself');
      const target = ciClass ? this.#dir.classes.byId.get(items.get(ref.toUpperCase())?.classId ?? '') : undefined;
      if (ciClass && target && !isKindOf(this.#dir.classes, target, ciClass)) issue(fieldOf.get(key), `must be a configuration item of the class ${ciClass}`);
    }
  }

  #claim(plan: CiRowPlan, current: CiRow | undefined): void {
    if (current) this.#claims.set(current.id, plan.line);
    else {
      if (plan.set.assetTag) this.#claims.set(`tag:${plan.set.assetTag.toLowerCase()}`, plan.line);
      if (plan.set.serialNumber) this.#claims.set(`serial:${plan.set.serialNumber.toLowerCase()}`, plan.line);
    }
  }
}
