/**
 * The inventory report an agent or script sends about one host (hardware, OS, network interfaces,
 * installed software) and the answer. Strict at every level: an unknown or malformed field is named
 * in the 400 with all the others, and nothing is written.
 */
import { z } from 'zod';
import { SoftwareReport } from './software-contract.ts';
import { ConfigurationItem } from './contract.ts';

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const hostnamePattern = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9_])?)*\.?$/;
const macPattern = /^[0-9A-Fa-f]{2}([:-][0-9A-Fa-f]{2}){5}$/;
const ipv4 = z.ipv4('must be an IPv4 or IPv6 address');
const ipv6 = z.ipv6('must be an IPv4 or IPv6 address');

export const NetworkInterface = z.strictObject({
  name: text(100).describe('e.g. eth0, Ethernet 2'),
  macAddress: z.string().trim().regex(macPattern, 'must be a MAC address like 3c:52:82:1a:2b:3c').nullable().optional(),
  ipAddresses: z
    .array(z.string().trim().max(45).pipe(z.union([ipv4, ipv6], { error: 'must be an IPv4 or IPv6 address' })))
    .max(64)
    .optional()
    .describe('Addresses without prefix length'),
});

export const InventoryReport = z
  .strictObject({
    hostname: z.string().trim().max(253).regex(hostnamePattern, 'must be a host name (letters, digits, hyphens; dots between labels)').describe('Becomes the name of a new item; matched against names when no serial number matches'),
    serialNumber: text(100).nullable().optional().describe('Hardware serial number: the first thing reports are matched by'),
    class: text(60).optional().describe('Class key for a new item (default server), e.g. laptop, desktop, virtual_machine; an existing item keeps its class'),
    manufacturer: text(100).nullable().optional(),
    model: text(100).nullable().optional(),
    cpuModel: text(100).nullable().optional(),
    cpuCores: z.number().int().min(1).max(4096).nullable().optional(),
    memoryGb: z.number().min(0).max(1_000_000).nullable().optional().describe('Installed memory in GB'),
    os: z.strictObject({ name: text(100), version: text(100).nullable().optional() }).nullable().optional(),
    networkInterfaces: z.array(NetworkInterface).max(64).optional().describe('The first with an address (not loopback) is the primary: its IP and MAC are kept on the item'),
    software: z
      .array(SoftwareReport)
      .max(5000)
      .optional()
      .describe('Everything installed: replaces what earlier inventory reports and imports recorded (entries added by hand stay); leave it out to keep the recorded software'),
  })
  .meta({ id: 'InventoryReport' });
export type InventoryReport = z.infer<typeof InventoryReport>;

export const InventoryResult = z
  .object({
    outcome: z.enum(['created', 'updated', 'unchanged']).describe("What happened to the item's own fields"),
    matchedBy: z.enum(['serialNumber', 'hostname']).nullable().describe('How the item was found; null when it was created'),
    item: ConfigurationItem,
    software: z
      .object({ added: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), removed: z.number().int(), titlesCreated: z.number().int() })
      .nullable()
      .describe('What recording the software did; null when the report had no software list'),
  })
  .meta({ id: 'InventoryResult' });
export type InventoryResult = z.infer<typeof InventoryResult>;
