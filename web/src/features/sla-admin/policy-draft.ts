/**
 * The SLA policy editor's working copy, shaped as the API body so problems (`targets.response.1`,
 * `escalations.0.groupId`) name its inputs; targets are typed as people say them ("4h", "30m", "90").
 */
import type { SlaEscalation, SlaPolicy, SlaPolicyBody } from '../../api/types';

export const targetPriorities = ['1', '2', '3', '4', '5'] as const;
export type TargetPriority = (typeof targetPriorities)[number];
export const metrics = ['response', 'resolution', 'ola'] as const;
export type Metric = (typeof metrics)[number];
export const pausable = ['new', 'assigned', 'in_progress', 'pending'] as const;
export const escalationEvents = ['warning', 'breach'] as const;
export const escalationActions = ['notify_assignee', 'notify_group', 'notify_manager', 'reassign', 'raise_priority'] as const satisfies readonly SlaEscalation['action'][];

type Targets = Record<Metric, Record<TargetPriority, string>>;

export interface EscalationDraft {
  on: SlaEscalation['on'];
  metric: SlaEscalation['metric'];
  action: SlaEscalation['action'];
  groupId: string | null;
}

export interface PolicyDraft {
  name: string;
  description: string;
  active: boolean;
  conditions: { types: string[]; priorities: string[]; categoryIds: string[]; departmentIds: string[]; vipOnly: boolean };
  targets: Targets;
  calendarId: string | null;
  pauseStatuses: string[];
  warnPercent: number | '';
  escalations: EscalationDraft[];
}

/** Minutes as typed: "4h", "30m", "1h 30m", "90" (minutes); null when it is not a duration. Blank is no target. */
export function parseMinutes(text: string): number | null | undefined {
  const s = text.trim().toLowerCase();
  if (!s) return undefined;
  if (/^\d+$/.test(s)) return Number(s);
  const match = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?$/.exec(s);
  if (!match || (match[1] === undefined && match[2] === undefined)) return null;
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

/** Minutes as the editor shows them: 240 → "4h", 90 → "1h 30m", 45 → "45m". */
export function minutesText(minutes: number | undefined): string {
  if (minutes === undefined) return '';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h ${m}m`;
}

function targetsOf(policy: SlaPolicy | null): Targets {
  const row = (metric: Metric) =>
    Object.fromEntries(targetPriorities.map((p) => [p, minutesText(policy?.targets[metric][Number(p) as 1 | 2 | 3 | 4 | 5])])) as Record<TargetPriority, string>;
  return { response: row('response'), resolution: row('resolution'), ola: row('ola') };
}

export function policyDraftOf(policy: SlaPolicy | null): PolicyDraft {
  const c = policy?.conditions ?? {};
  return {
    name: policy?.name ?? '',
    description: policy?.description ?? '',
    active: policy?.active ?? true,
    conditions: {
      types: c.types ?? [],
      priorities: (c.priorities ?? []).map(String),
      categoryIds: c.categoryIds ?? [],
      departmentIds: c.departmentIds ?? [],
      vipOnly: c.vipOnly ?? false,
    },
    targets: targetsOf(policy),
    calendarId: policy?.calendar?.id ?? null,
    pauseStatuses: policy ? policy.pauseStatuses : ['pending'],
    warnPercent: policy?.warnPercent ?? 75,
    escalations: (policy?.escalations ?? []).map((e) => ({ on: e.on, metric: e.metric, action: e.action, groupId: e.groupId ?? null })),
  };
}

/** Client-side problems with the targets: each unreadable one, keyed by its form path. */
export function targetErrors(draft: PolicyDraft, message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const metric of metrics) for (const p of targetPriorities) if (parseMinutes(draft.targets[metric][p]) === null) errors[`targets.${metric}.${p}`] = message;
  return errors;
}

export function policyBodyOf(d: PolicyDraft): SlaPolicyBody {
  const row = (metric: Metric) => Object.fromEntries(targetPriorities.flatMap((p) => (parseMinutes(d.targets[metric][p]) ?? undefined) !== undefined ? [[p, parseMinutes(d.targets[metric][p])]] : []));
  const c = d.conditions;
  return {
    name: d.name,
    description: d.description,
    active: d.active,
    conditions: {
      ...(c.types.length ? { types: c.types as NonNullable<SlaPolicyBody['conditions']>['types'] } : {}),
      ...(c.priorities.length ? { priorities: c.priorities.map(Number) } : {}),
      ...(c.categoryIds.length ? { categoryIds: c.categoryIds } : {}),
      ...(c.departmentIds.length ? { departmentIds: c.departmentIds } : {}),
      ...(c.vipOnly ? { vipOnly: true } : {}),
    },
    targets: { response: row('response'), resolution: row('resolution'), ola: row('ola') },
    calendarId: d.calendarId,
    pauseStatuses: d.pauseStatuses as SlaPolicyBody['pauseStatuses'],
    warnPercent: d.warnPercent === '' ? 75 : d.warnPercent,
    escalations: d.escalations.map((e) => ({ on: e.on, metric: e.metric, action: e.action, ...(e.action === 'reassign' && e.groupId ? { groupId: e.groupId } : {}) })),
  };
}

/** Where a problem shows: an entry of a multi-select's list (`conditions.priorities.0`) on the select. */
export function policyEditorPath(field: string): string {
  return field.replace(/^(conditions\.\w+|pauseStatuses)\.\d+$/, '$1');
}

/** "P1 4h / 1d…" summary of the response and resolution targets for the list. */
export function targetsSummary(policy: SlaPolicy): string {
  return targetPriorities
    .flatMap((p) => {
      const n = Number(p) as 1 | 2 | 3 | 4 | 5;
      const response = policy.targets.response[n];
      const resolution = policy.targets.resolution[n];
      if (response === undefined && resolution === undefined) return [];
      return [`P${p} ${minutesText(response) || '—'} / ${minutesText(resolution) || '—'}`];
    })
    .join(' · ');
}
