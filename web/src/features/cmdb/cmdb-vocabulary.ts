/** The CMDB's fixed vocabularies as the API spells them, and the colours that stand for them. */
import type { MantineColor } from '@mantine/core';
import type { CiEnvironment, CiHosting, CiStatus, Criticality, RelationshipName } from '../../api/types';

export const ciStatuses: readonly CiStatus[] = ['planned', 'active', 'maintenance', 'retired'];
export const environments: readonly CiEnvironment[] = ['production', 'staging', 'test', 'development'];
export const criticalities: readonly Criticality[] = ['critical', 'high', 'medium', 'low'];
export const hostings: readonly CiHosting[] = ['on_site', 'cloud', 'hybrid'];
export const assetStates = ['ordered', 'received', 'in_stock', 'deployed', 'in_repair', 'retired', 'disposed', 'lost', 'stolen'] as const;

/** Every name a relationship is read under: each type followed by its inverse. */
export const relationshipNames: readonly RelationshipName[] = [
  'depends_on',
  'used_by',
  'runs_on',
  'hosts',
  'connected_to',
  'member_of',
  'has_member',
  'backed_up_by',
  'backs_up',
  'protected_by',
  'protects',
  'contains',
  'contained_in',
];

export const statusColours: Record<CiStatus, MantineColor> = { planned: 'blue', active: 'teal', maintenance: 'yellow', retired: 'gray' };
export const criticalityColours: Record<Criticality, MantineColor> = { critical: 'red', high: 'orange', medium: 'yellow', low: 'gray' };

/** A choice value as people read it: `business_hours` → `business hours` (the value itself is what is stored). */
export function choiceLabel(value: string): string {
  return value.replace(/_/g, ' ');
}
