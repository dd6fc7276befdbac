/**
 * Relationship types between configuration items: each is stored once (source, type, target) and
 * read from the target under its inverse name ("A depends on B" is "B is used by A"). Each type also
 * says which end needs the other, which is what impact analysis follows.
 */

export const relationshipTypes = ['depends_on', 'runs_on', 'connected_to', 'member_of', 'backed_up_by', 'protected_by', 'contains'] as const;
export type RelationshipType = (typeof relationshipTypes)[number];

/** The name of each type seen from its target. `connected_to` reads the same both ways. */
export const inverseNames = {
  depends_on: 'used_by',
  runs_on: 'hosts',
  connected_to: 'connected_to',
  member_of: 'has_member',
  backed_up_by: 'backs_up',
  protected_by: 'protects',
  contains: 'contained_in',
} as const satisfies Record<RelationshipType, string>;

/** Every name a relationship can be given or shown under: the types and their inverses. */
export const relationshipNames = [...new Set([...relationshipTypes, ...Object.values(inverseNames)])] as [string, ...string[]];
export type RelationshipName = RelationshipType | (typeof inverseNames)[RelationshipType];

/**
 * Which end needs the other. `source`: the source needs the target (a VM runs on its host, so the
 * host going down takes the VM with it). `target`: the target needs the source (a cluster needs its
 * members; what a chassis contains needs the chassis). `both`: a network link cuts both ends off.
 */
export const dependentEnd: Readonly<Record<RelationshipType, 'source' | 'target' | 'both'>> = {
  depends_on: 'source',
  runs_on: 'source',
  backed_up_by: 'source',
  protected_by: 'source',
  member_of: 'target',
  contains: 'target',
  connected_to: 'both',
};

/** What each name means, for the API documentation and the UI. */
export const relationshipMeanings: Readonly<Record<RelationshipName, string>> = {
  depends_on: 'needs the other item to work (an application depends on its database)',
  used_by: 'is needed by the other item',
  runs_on: 'runs on the other item (a virtual machine on its host, an application on its server)',
  hosts: 'hosts the other item',
  connected_to: 'is linked to the other item (network); reads the same from both ends',
  member_of: 'is a member of the other item (a node of a cluster)',
  has_member: 'has the other item as a member',
  backed_up_by: 'is backed up by the other item',
  backs_up: 'backs up the other item',
  protected_by: 'is protected by the other item (a firewall, a UPS)',
  protects: 'protects the other item',
  contains: 'physically contains the other item (a chassis its blades, an enclosure its disks)',
  contained_in: 'is physically inside the other item',
};

/** A name as given in a request, as the stored (source, type, target) triple. */
export function normaliseRelationship(from: string, name: RelationshipName, to: string): { sourceId: string; type: RelationshipType; targetId: string; swapped: boolean } {
  if ((relationshipTypes as readonly string[]).includes(name)) return { sourceId: from, type: name as RelationshipType, targetId: to, swapped: false };
  const type = relationshipTypes.find((t) => inverseNames[t] === name)!;
  return { sourceId: to, type, targetId: from, swapped: true };
}

/** The name of a stored relationship as seen from one of its ends. */
export function nameFrom(type: RelationshipType, end: 'source' | 'target'): RelationshipName {
  return end === 'source' ? type : inverseNames[type];
}

/**
 * The types to follow from an item, per stored end, to walk one step of impact. `downstream` finds
 * the items that need this one (what breaks if it goes down); `upstream` the items this one needs.
 * `asSource` lists types where the item is the stored source, `asTarget` where it is the target.
 */
export function impactSteps(direction: 'downstream' | 'upstream'): { asSource: RelationshipType[]; asTarget: RelationshipType[] } {
  // Downstream from X: edges where X is the needed end. If the source is the dependent, X must be the target.
  const neededEnd = (t: RelationshipType) => (dependentEnd[t] === 'both' ? 'both' : dependentEnd[t] === 'source' ? 'target' : 'source');
  const wantEnd = (t: RelationshipType): 'source' | 'target' | 'both' => {
    const needed = neededEnd(t);
    if (needed === 'both' || direction === 'downstream') return needed;
    return needed === 'source' ? 'target' : 'source';
  };
  return {
    asSource: relationshipTypes.filter((t) => wantEnd(t) === 'source' || wantEnd(t) === 'both'),
    asTarget: relationshipTypes.filter((t) => wantEnd(t) === 'target' || wantEnd(t) === 'both'),
  };
}
