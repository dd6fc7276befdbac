/**
 * Steward's built-in CI classes with their typed attributes. Every organisation gets them when it is
 * created; at start-up, organisations created before a release get the classes it adds and the
 * built-in attributes it changes (admins' custom attributes stay).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { canonicalJson } from '../../platform/audit/canonical.ts';
import { organisations } from '../../platform/auth/schema.ts';
import { inTransaction, systemContext, type Ctx } from '../../platform/context.ts';
import { recordChange } from '../../platform/record-change.ts';
import type { AttributeDefinition } from './attributes.ts';
import { ciClasses } from './schema.ts';

export interface BuiltinClass {
  key: string;
  name: string;
  description: string;
  isAsset: boolean;
  expectedLifeMonths: number | null;
  attributes: Omit<AttributeDefinition, 'builtin'>[];
}

const text = (key: string, label: string, extra: Partial<AttributeDefinition> = {}) => ({ key, label, type: 'text' as const, required: false, ...extra });
const number = (key: string, label: string, extra: Partial<AttributeDefinition> = {}) => ({ key, label, type: 'number' as const, required: false, min: 0, ...extra });
const whole = (key: string, label: string, extra: Partial<AttributeDefinition> = {}) => number(key, label, { integer: true, ...extra });
const flag = (key: string, label: string) => ({ key, label, type: 'boolean' as const, required: false });
const choice = (key: string, label: string, choices: string[], extra: Partial<AttributeDefinition> = {}) => ({ key, label, type: 'choice' as const, required: false, choices, ...extra });

const ipAddress = text('ipAddress', 'IP address', { maxLength: 45, pattern: '[0-9A-Fa-f.:]+(/[0-9]{1,3})?', help: 'IPv4 or IPv6, optionally with a prefix length' });
const manufacturer = text('manufacturer', 'Manufacturer', { maxLength: 100 });
const model = text('model', 'Model', { maxLength: 100 });
const macAddress = text('macAddress', 'MAC address', { maxLength: 17, pattern: '[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}', help: 'Of the primary network interface, e.g. 3c:52:82:1a:2b:3c' });
const hostname = text('hostname', 'Host name', { maxLength: 253 });
const compute = [
  hostname,
  ipAddress,
  macAddress,
  whole('cpuCores', 'CPU cores', { min: 1, max: 4096 }),
  number('memoryGb', 'Memory (GB)', { max: 1_000_000 }),
  text('os', 'Operating system', { maxLength: 100, help: 'e.g. Ubuntu, Windows Server, RHEL' }),
  text('osVersion', 'OS version', { maxLength: 100 }),
];
const endpoint = [
  manufacturer,
  model,
  text('cpu', 'Processor', { maxLength: 100 }),
  number('memoryGb', 'Memory (GB)', { max: 100_000 }),
  number('storageGb', 'Storage (GB)', { max: 1_000_000 }),
  text('os', 'Operating system', { maxLength: 100 }),
  text('osVersion', 'OS version', { maxLength: 100 }),
  flag('diskEncrypted', 'Disk encrypted'),
  hostname,
  ipAddress,
  macAddress,
];

/** The built-in classes, in the order the UI lists them. */
export const builtinClasses: readonly BuiltinClass[] = [
  {
    key: 'business_service',
    name: 'Business service',
    description: 'A service the business consumes (e-mail, payroll, the web shop); impact analysis reports the business services an outage hits.',
    isAsset: false,
    expectedLifeMonths: null,
    attributes: [
      { key: 'businessOwner', label: 'Business owner', type: 'person', required: false, help: 'Who speaks for the service in the business (the IT owner is the item\'s owner)' },
      choice('serviceHours', 'Service hours', ['24x7', 'business_hours', 'extended_hours']),
      number('availabilityTarget', 'Availability target (%)', { max: 100 }),
      whole('rtoMinutes', 'Recovery time objective (minutes)'),
      whole('rpoMinutes', 'Recovery point objective (minutes)'),
      flag('customerFacing', 'Customer-facing'),
    ],
  },
  {
    key: 'application',
    name: 'Application',
    description: 'Software that delivers (part of) a service: a web application, an ERP, a SaaS product.',
    isAsset: false,
    expectedLifeMonths: null,
    attributes: [
      text('vendor', 'Vendor', { maxLength: 100 }),
      text('version', 'Version', { maxLength: 50 }),
      choice('applicationType', 'Type', ['web', 'desktop', 'mobile', 'api', 'batch', 'saas']),
      text('url', 'URL', { maxLength: 2000, pattern: 'https?://\\S+' }),
    ],
  },
  {
    key: 'database',
    name: 'Database',
    description: 'A database instance or cluster.',
    isAsset: false,
    expectedLifeMonths: null,
    attributes: [
      choice('engine', 'Engine', ['postgresql', 'mysql', 'mariadb', 'sql_server', 'oracle', 'mongodb', 'redis', 'other']),
      text('engineVersion', 'Engine version', { maxLength: 50 }),
      whole('port', 'Port', { min: 1, max: 65535 }),
      number('sizeGb', 'Size (GB)', { max: 10_000_000 }),
      flag('highAvailability', 'Highly available'),
    ],
  },
  { key: 'server', name: 'Server', description: 'A physical server.', isAsset: true, expectedLifeMonths: 60, attributes: [...compute, manufacturer, model, choice('formFactor', 'Form factor', ['rack', 'blade', 'tower'])] },
  {
    key: 'virtual_machine',
    name: 'Virtual machine',
    description: 'A virtual machine on a hypervisor or in a cloud.',
    isAsset: false,
    expectedLifeMonths: null,
    attributes: [...compute, choice('hypervisor', 'Hypervisor', ['vmware', 'hyper_v', 'kvm', 'xen', 'proxmox', 'cloud', 'other'])],
  },
  {
    key: 'container_cluster',
    name: 'Container cluster',
    description: 'A Kubernetes, OpenShift or other container cluster.',
    isAsset: false,
    expectedLifeMonths: null,
    attributes: [
      choice('platform', 'Platform', ['kubernetes', 'openshift', 'docker_swarm', 'nomad', 'ecs', 'other']),
      text('platformVersion', 'Platform version', { maxLength: 50 }),
      whole('nodeCount', 'Nodes', { max: 100_000 }),
      text('apiEndpoint', 'API endpoint', { maxLength: 2000 }),
    ],
  },
  {
    key: 'network_device',
    name: 'Network device',
    description: 'A switch, router, firewall, access point or load balancer.',
    isAsset: true,
    expectedLifeMonths: 84,
    attributes: [
      choice('deviceKind', 'Kind', ['switch', 'router', 'firewall', 'access_point', 'load_balancer'], { required: true }),
      manufacturer,
      model,
      text('firmwareVersion', 'Firmware version', { maxLength: 100 }),
      { ...ipAddress, key: 'managementIp', label: 'Management IP address' },
      whole('portCount', 'Ports', { max: 10_000 }),
    ],
  },
  {
    key: 'storage',
    name: 'Storage',
    description: 'A storage array, NAS, SAN or backup appliance.',
    isAsset: true,
    expectedLifeMonths: 60,
    attributes: [
      choice('storageType', 'Type', ['san', 'nas', 'das', 'object', 'backup_appliance']),
      number('capacityTb', 'Capacity (TB)', { max: 1_000_000 }),
      manufacturer,
      model,
      text('firmwareVersion', 'Firmware version', { maxLength: 100 }),
    ],
  },
  {
    key: 'cloud_resource',
    name: 'Cloud resource',
    description: 'A resource in a public cloud (a managed database, a bucket, a function); provider, account and region are on the item.',
    isAsset: false,
    expectedLifeMonths: null,
    attributes: [
      text('resourceType', 'Resource type', { maxLength: 200, help: 'e.g. AWS::RDS::DBInstance, Microsoft.Storage/storageAccounts' }),
      text('resourceId', 'Resource id', { maxLength: 2000, help: 'ARN, Azure resource id or GCP resource name' }),
      text('cloudService', 'Service', { maxLength: 100, help: 'e.g. EC2, Blob Storage, Cloud Run' }),
    ],
  },
  { key: 'laptop', name: 'Laptop', description: 'A laptop computer.', isAsset: true, expectedLifeMonths: 48, attributes: endpoint },
  { key: 'desktop', name: 'Desktop', description: 'A desktop computer or workstation.', isAsset: true, expectedLifeMonths: 60, attributes: endpoint },
  {
    key: 'phone_tablet',
    name: 'Phone or tablet',
    description: 'A mobile phone or tablet.',
    isAsset: true,
    expectedLifeMonths: 36,
    attributes: [
      choice('deviceType', 'Type', ['phone', 'tablet']),
      manufacturer,
      model,
      choice('os', 'Operating system', ['ios', 'ipados', 'android', 'other']),
      text('osVersion', 'OS version', { maxLength: 50 }),
      text('imei', 'IMEI', { maxLength: 15, pattern: '[0-9]{15}' }),
      text('phoneNumber', 'Phone number', { maxLength: 30 }),
      flag('mdmEnrolled', 'Enrolled in device management'),
    ],
  },
  {
    key: 'printer',
    name: 'Printer',
    description: 'A printer, plotter or multifunction device.',
    isAsset: true,
    expectedLifeMonths: 60,
    attributes: [choice('printerType', 'Type', ['laser', 'inkjet', 'label', 'multifunction', 'plotter']), manufacturer, model, flag('colour', 'Colour'), ipAddress],
  },
  {
    key: 'peripheral',
    name: 'Peripheral',
    description: 'A monitor, docking station, headset or other accessory.',
    isAsset: true,
    expectedLifeMonths: 60,
    attributes: [choice('peripheralType', 'Type', ['monitor', 'keyboard', 'mouse', 'docking_station', 'headset', 'webcam', 'scanner', 'other']), manufacturer, model],
  },
];

/** The stored attribute list of a built-in class: its built-in definitions, then the custom ones whose keys do not clash. */
export function withBuiltinAttributes(builtin: BuiltinClass, stored: readonly AttributeDefinition[]): AttributeDefinition[] {
  const own = builtin.attributes.map((a) => ({ ...a, builtin: true }));
  const taken = new Set(own.map((a) => a.key));
  return [...own, ...stored.filter((a) => !a.builtin && !taken.has(a.key))];
}

function rowOf(builtin: BuiltinClass) {
  return {
    key: builtin.key,
    name: builtin.name,
    description: builtin.description,
    builtin: true,
    isAsset: builtin.isAsset,
    expectedLifeMonths: builtin.expectedLifeMonths,
    attributes: withBuiltinAttributes(builtin, []),
  };
}

/** Creates the built-in classes of a new organisation (`ctx.orgId`), in its creating transaction. */
export async function seedBuiltinClasses(ctx: Ctx): Promise<void> {
  await ctx.db
    .insert(ciClasses)
    .values(builtinClasses.map((b) => ({ ...rowOf(b), orgId: ctx.orgId })))
    .onConflictDoNothing();
}

/**
 * Brings every organisation's built-in classes up to this release: adds missing ones and replaces
 * changed built-in attributes, each with an audit row. Returns how many classes it wrote.
 */
export async function syncBuiltinClasses(db: Db): Promise<number> {
  const orgs = await db.select({ id: organisations.id }).from(organisations);
  const stored = await db.select().from(ciClasses).where(eq(ciClasses.builtin, true));
  let changed = 0;
  for (const org of orgs) {
    for (const builtin of builtinClasses) {
      const row = stored.find((r) => r.orgId === org.id && r.key === builtin.key);
      const wanted = row ? withBuiltinAttributes(builtin, row.attributes) : undefined;
      if (row && canonicalJson(wanted) === canonicalJson(row.attributes) && row.name === builtin.name && row.isAsset === builtin.isAsset) continue;
      await inTransaction(systemContext(db, org.id, 'upgrade'), async (tx) => {
        if (!row) {
          const [created] = await tx.db.insert(ciClasses).values({ ...rowOf(builtin), orgId: org.id }).onConflictDoNothing().returning();
          if (created) await recordChange(tx, { action: 'created', entityType: 'ci_class', entityId: created.id, after: { key: created.key, name: created.name, attributes: created.attributes } });
          return;
        }
        await tx.db
          .update(ciClasses)
          .set({ name: builtin.name, isAsset: builtin.isAsset, attributes: wanted, version: row.version + 1, updatedAt: tx.clock.now().toISOString() })
          .where(and(eq(ciClasses.id, row.id), eq(ciClasses.orgId, org.id)));
        await recordChange(tx, {
          action: 'builtin_synced',
          entityType: 'ci_class',
          entityId: row.id,
          before: { name: row.name, isAsset: row.isAsset, attributes: row.attributes },
          after: { name: builtin.name, isAsset: builtin.isAsset, attributes: wanted },
        });
      });
      changed++;
    }
  }
  return changed;
}
