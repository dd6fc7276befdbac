/**
 * Which tables an export holds and in which order they load: every table the Drizzle schema declares
 * in the `public` schema, parents before children, so a plain INSERT never meets a missing parent.
 */
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../db/schema.ts';

/** A table as the planner sees it: key columns and outgoing foreign keys. */
export interface TableShape {
  name: string;
  primaryKey: string[];
  foreignKeys: { columns: string[]; references: string; nullable: boolean }[];
}

/** One table in load order; `deferred` columns are loaded as NULL and filled in after every table is in. */
export interface TablePlan {
  name: string;
  primaryKey: string[];
  deferred: string[];
}

/** Reads the shape of every `public` table declared with Drizzle among `modules` (default: the app schema). */
export function declaredTables(modules: Record<string, unknown> = schema): TableShape[] {
  const shapes = new Map<string, TableShape>();
  for (const value of Object.values(modules)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    if ((config.schema ?? 'public') !== 'public' || shapes.has(config.name)) continue;
    const single = config.columns.filter((c) => c.primary).map((c) => c.name);
    const composite = config.primaryKeys[0]?.columns.map((c) => c.name) ?? [];
    const byName = new Map(config.columns.map((c) => [c.name, c]));
    shapes.set(config.name, {
      name: config.name,
      primaryKey: single.length ? single : composite,
      foreignKeys: config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        const columns = ref.columns.map((c) => c.name);
        return {
          columns,
          references: getTableConfig(ref.foreignTable).name,
          nullable: columns.every((c) => !byName.get(c)?.notNull),
        };
      }),
    });
  }
  return [...shapes.values()];
}

/**
 * Orders tables so every foreign key points at a table loaded earlier. A self reference, or a cycle
 * between tables, is broken by deferring a nullable foreign key; a cycle of NOT NULL keys cannot load.
 */
export function planTables(tables: TableShape[]): TablePlan[] {
  const known = new Set(tables.map((t) => t.name));
  const deferred = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set<string>()]));
  const pending = new Map<string, TableShape['foreignKeys']>();
  for (const table of tables) {
    if (table.primaryKey.length === 0) throw new Error(`Table ${table.name} has no primary key, so it cannot be exported in a stable order`);
    const edges = [];
    for (const fk of table.foreignKeys) {
      if (!known.has(fk.references)) continue; // outside the exported set (e.g. another schema)
      if (fk.references === table.name) {
        if (!fk.nullable) throw new Error(`Table ${table.name} references itself through NOT NULL column(s) ${fk.columns.join(', ')}`);
        for (const c of fk.columns) deferred.get(table.name)!.add(c);
      } else {
        edges.push(fk);
      }
    }
    pending.set(table.name, edges);
  }

  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = [...pending.keys()].filter((name) => pending.get(name)!.every((fk) => placed.has(fk.references))).sort();
    if (ready.length > 0) {
      for (const name of ready) {
        order.push(name);
        placed.add(name);
        pending.delete(name);
      }
      continue;
    }
    breakCycle(pending, deferred);
  }
  const shapeOf = new Map(tables.map((t) => [t.name, t]));
  return order.map((name) => ({ name, primaryKey: shapeOf.get(name)!.primaryKey, deferred: [...deferred.get(name)!].sort() }));
}

/** Defers one nullable foreign key among the tables left, so the ordering can continue. */
function breakCycle(pending: Map<string, TableShape['foreignKeys']>, deferred: Map<string, Set<string>>): void {
  for (const name of [...pending.keys()].sort()) {
    const edges = pending.get(name)!;
    const index = edges.findIndex((fk) => fk.nullable && pending.has(fk.references));
    if (index < 0) continue;
    for (const c of edges[index]!.columns) deferred.get(name)!.add(c);
    edges.splice(index, 1);
    return;
  }
  throw new Error(`Tables ${[...pending.keys()].join(', ')} reference each other through NOT NULL columns and cannot be ordered`);
}

/** The load order of this build's tables. */
export function applicationTables(): TablePlan[] {
  return planTables(declaredTables());
}
