/**
 * Inventory reports: one host's facts from an agent or script upsert its configuration item — found
 * by serial number, else by host name (the item's name or its host name attribute) — and its
 * installed software, all in one transaction, so a report that fails anywhere changes nothing. Facts
 * go to the attributes the item's class has; an item whose facts did not change is not written.
 */
import { eq, isNotNull, or, sql } from 'drizzle-orm';
import { can, inTransaction, type Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors/catalogue.ts';
import type { Permission } from '../../platform/rbac/permissions.ts';
import { inOrg } from '../../platform/tenancy/scope.ts';
import type { AttributeValue } from './attributes.ts';
import { presentCis, type CiRow } from './ci-query.ts';
import { createCi, updateCi } from './ci-service.ts';
import { classIndex, effectiveAttributes, findClass, type ClassIndex } from './class-index.ts';
import type { InventoryReport, InventoryResult } from './inventory-contract.ts';
import { configurationItems } from './schema.ts';
import { recordInstallations } from './software-record.ts';

/** The class of a new item when the report names none. */
export const defaultInventoryClass = 'server';

const loopback = (ip: string) => ip.startsWith('127.') || ip === '::1' || ip.toLowerCase().startsWith('fe80:');

/** The primary interface's address and MAC: the first interface with an address that is not loopback or link-local. */
function primaryInterface(report: InventoryReport): { ip?: string; mac?: string } {
  const interfaces = report.networkInterfaces ?? [];
  const withIp = interfaces.find((i) => (i.ipAddresses ?? []).some((ip) => !loopback(ip)));
  const ips = (withIp?.ipAddresses ?? []).filter((ip) => !loopback(ip));
  const ip = ips.find((a) => a.includes('.')) ?? ips[0];
  const mac = (withIp ?? interfaces.find((i) => i.macAddress && !/^(00[:-]){5}00$/.test(i.macAddress)))?.macAddress ?? undefined;
  return { ...(ip ? { ip } : {}), ...(mac ? { mac: mac.toLowerCase().replaceAll('-', ':') } : {}) };
}

/** The report's facts by attribute key, for the keys the class has; unknown (null) facts are left out. */
function facts(classes: ClassIndex, classId: string, report: InventoryReport): Record<string, AttributeValue> {
  const primary = primaryInterface(report);
  const all: Record<string, AttributeValue | null | undefined> = {
    hostname: report.hostname,
    ipAddress: primary.ip,
    macAddress: primary.mac,
    cpuCores: report.cpuCores,
    cpu: report.cpuModel,
    memoryGb: report.memoryGb,
    os: report.os?.name,
    osVersion: report.os?.version,
    manufacturer: report.manufacturer,
    model: report.model,
  };
  const keys = new Set(effectiveAttributes(classes, classes.byId.get(classId)!).map((d) => d.key));
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, AttributeValue] => e[1] !== null && e[1] !== undefined && keys.has(e[0])));
}

/** The item the report is about, locked: by serial number, else by host name. */
async function matchItem(ctx: Ctx, classes: ClassIndex, report: InventoryReport): Promise<{ row: CiRow; by: 'serialNumber' | 'hostname' } | undefined> {
  const serial = report.serialNumber ?? null;
  if (serial) {
    const [row] = await ctx.db
      .select()
      .from(configurationItems)
      .where(inOrg(ctx, configurationItems, isNotNull(configurationItems.serialNumber), sql`lower(${configurationItems.serialNumber}) = lower(${serial})`))
      .for('update');
    if (row) return { row, by: 'serialNumber' };
  }
  const host = report.hostname.replace(/\.$/, '');
  const named = await ctx.db
    .select()
    .from(configurationItems)
    .where(
      inOrg(
        ctx,
        configurationItems,
        or(
          sql`lower(${configurationItems.name}) = lower(${host})`,
          sql`${configurationItems.attributes} @> ${JSON.stringify({ hostname: host })}::jsonb`,
          sql`${configurationItems.attributes} @> ${JSON.stringify({ hostname: host.toLowerCase() })}::jsonb`,
        ),
      ),
    )
    .for('update');
  // Another serial number means other hardware that took over the name: not this item.
  let candidates = named.filter((r) => !serial || !r.serialNumber || r.serialNumber.toLowerCase() === serial.toLowerCase());
  if (candidates.length > 1) {
    const wanted = findClass(classes, report.class ?? defaultInventoryClass);
    const sameClass = candidates.filter((r) => r.classId === wanted?.id);
    if (sameClass.length > 0) candidates = sameClass;
  }
  if (candidates.length > 1) {
    throw new AppError('DUPLICATE', `${candidates.length} configuration items answer to the host name ${host} (${candidates.map((r) => r.key).join(', ')}); send the serial number, or rename one`, [
      { field: 'hostname', message: `matches ${candidates.map((r) => r.key).join(', ')}` },
    ]);
  }
  return candidates[0] ? { row: candidates[0], by: 'hostname' } : undefined;
}

/**
 * The caller as the inventory writer: `inventory:write` allows exactly this upsert, so the CMDB
 * writes it makes run with `cmdb:write` added; the audit trail still names the caller.
 */
function inventoryWriter(ctx: Ctx): Ctx {
  if (!can(ctx.actor, 'inventory:write') && !can(ctx.actor, 'cmdb:write')) throw new AppError('FORBIDDEN', 'Requires the inventory:write or cmdb:write permission');
  if (ctx.actor.type === 'system') return ctx;
  return { ...ctx, actor: { ...ctx.actor, permissions: new Set<Permission>([...ctx.actor.permissions, 'cmdb:write', 'cmdb:read']) } };
}

/** Upserts the host's item and its installed software from one report; all or nothing. */
export async function recordInventory(ctx: Ctx, report: InventoryReport): Promise<{ result: InventoryResult; created: boolean }> {
  return inTransaction(inventoryWriter(ctx), async (tx) => {
    const classes = await classIndex(tx);
    const match = await matchItem(tx, classes, report);
    let item: CiRow['id'];
    let outcome: InventoryResult['outcome'];
    if (!match) {
      const cls = findClass(classes, report.class ?? defaultInventoryClass);
      if (!cls) throw invalid([{ field: 'class', message: `is not a class of this organisation${report.class ? '' : ` (the default ${defaultInventoryClass} is missing)`}` }]);
      const created = await createCi(tx, {
        name: report.hostname.replace(/\.$/, ''),
        class: cls.id,
        ...(cls.isAsset && report.serialNumber ? { serialNumber: report.serialNumber } : {}),
        attributes: facts(classes, cls.id, report),
      });
      item = created.id;
      outcome = 'created';
    } else {
      const row = match.row;
      const changed = Object.fromEntries(Object.entries(facts(classes, row.classId, report)).filter(([key, value]) => row.attributes[key] !== value));
      const addSerial = classes.byId.get(row.classId)?.isAsset && report.serialNumber && !row.serialNumber;
      if (Object.keys(changed).length > 0 || addSerial) {
        await updateCi(tx, row.id, { version: row.version, ...(Object.keys(changed).length ? { attributes: changed } : {}), ...(addSerial ? { serialNumber: report.serialNumber } : {}) });
        outcome = 'updated';
      } else outcome = 'unchanged';
      item = row.id;
    }
    const software = report.software ? await recordInstallations(tx, item, report.software, 'inventory') : null;
    const [row] = await tx.db.select().from(configurationItems).where(inOrg(tx, configurationItems, eq(configurationItems.id, item)));
    const [presented] = await presentCis(tx, [row!], classes);
    return { result: { outcome, matchedBy: match?.by ?? null, item: presented!, software }, created: outcome === 'created' };
  });
}
