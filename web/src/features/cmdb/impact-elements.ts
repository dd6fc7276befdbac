/**
 * An impact report as a graph: the analysed item and every item reached are nodes; the last step of
 * each item's path is the edge that reached it (every item on a path is itself in the report, so the
 * edges form the tree of shortest paths). Colours: the fill says the class, the border the criticality.
 */
import type { CiRef, Criticality, ImpactItem, ImpactReport, RelationshipName } from '../../api/types';

export interface ImpactNode {
  id: string;
  label: string;
  classKey: string;
  className: string;
  colour: string;
  criticality: Criticality | null;
  root: boolean;
}

export interface ImpactEdge {
  id: string;
  source: string;
  target: string;
  name: RelationshipName;
}

/** Fixed fills for the built-in classes (Mantine's palette at shade 6), so the legend reads the same everywhere. */
const builtinColours: Record<string, string> = {
  business_service: '#7950f2',
  application: '#228be6',
  database: '#fd7e14',
  server: '#12b886',
  virtual_machine: '#15aabf',
  container_cluster: '#4c6ef5',
  network_device: '#e64980',
  storage: '#be4bdb',
  cloud_resource: '#82c91e',
  laptop: '#fab005',
  desktop: '#40c057',
  phone_tablet: '#f76707',
  printer: '#868e96',
  peripheral: '#adb5bd',
};
const spareColours = ['#5c940d', '#1098ad', '#9c36b5', '#d6336c', '#3b5bdb', '#e8590c', '#2b8a3e', '#0c8599'];

/** The fill that stands for a class: its own for built-in classes, a stable pick from a spare palette for others. */
export function classColour(classKey: string): string {
  const fixed = builtinColours[classKey];
  if (fixed) return fixed;
  let hash = 0;
  for (const ch of classKey) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return spareColours[Math.abs(hash) % spareColours.length]!;
}

/** Border colour and width by criticality: the more critical, the redder and thicker. */
export const criticalityBorders: Record<Criticality | 'none', { colour: string; width: number }> = {
  critical: { colour: '#e03131', width: 6 },
  high: { colour: '#f76707', width: 5 },
  medium: { colour: '#f59f00', width: 4 },
  low: { colour: '#868e96', width: 3 },
  none: { colour: '#ced4da', width: 1 },
};

function nodeOf(ci: CiRef, criticality: Criticality | null, root: boolean): ImpactNode {
  return { id: ci.key, label: `${ci.key}\n${ci.name}`, classKey: ci.class.key, className: ci.class.name, colour: classColour(ci.class.key), criticality, root };
}

/** The nodes and edges to draw for a report. */
export function impactGraphOf(report: ImpactReport, rootCriticality: Criticality | null): { nodes: ImpactNode[]; edges: ImpactEdge[] } {
  const nodes = [nodeOf(report.root, rootCriticality, true), ...report.items.map((item) => nodeOf(item.ci, item.criticality, false))];
  const present = new Set(nodes.map((n) => n.id));
  const edges: ImpactEdge[] = [];
  for (const item of report.items) {
    const last = item.path.at(-1);
    if (!last) continue;
    const source = item.path.length > 1 ? item.path[item.path.length - 2]!.key : report.root.key;
    if (!present.has(source)) continue;
    edges.push({ id: `${source}->${item.ci.key}`, source, target: item.ci.key, name: last.name });
  }
  return { nodes, edges };
}

/** The classes drawn, once each, by name: the legend. */
export function legendOf(nodes: readonly ImpactNode[]): { key: string; name: string; colour: string }[] {
  const seen = new Map<string, { key: string; name: string; colour: string }>();
  for (const n of nodes) if (!seen.has(n.classKey)) seen.set(n.classKey, { key: n.classKey, name: n.className, colour: n.colour });
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** An item's path as steps, each with the relationship (as read from the previous item) and the item it reaches. */
export function pathSteps(report: ImpactReport, item: ImpactItem): { name: RelationshipName; ci: CiRef }[] {
  const byKey = new Map(report.items.map((i) => [i.ci.key, i.ci]));
  return item.path.map((step) => ({ name: step.name, ci: byKey.get(step.key) ?? { ...item.ci, key: step.key, name: step.key } }));
}
