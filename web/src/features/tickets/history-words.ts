/**
 * Puts a ticket's audit history into words: "Alice changed status from New to Assigned". Values are
 * named as people read them (names, category paths, P1–P5, translated statuses, local times).
 */
import type { TFunction } from 'i18next';
import type { TicketHistoryEntry } from '../../api/types';
import { formatDateTime } from '../../i18n/format-date';

/** Fields whose changes the timeline does not list (derived, or shown better elsewhere). */
const hiddenFields = new Set(['children', 'allowedTransitions', 'reopenCount', 'sla', 'version', 'updatedAt', 'createdAt', 'id', 'key']);
/** Long text: the timeline says it changed, not what it says. */
const textFields = new Set(['description', 'resolutionNotes', 'ratingComment']);
const timeFields = new Set(['dueAt', 'firstResponseAt', 'resolvedAt', 'closedAt']);
const knownFields = [
  'title', 'type', 'status', 'pendingReason', 'resolutionCode', 'impact', 'urgency', 'priority', 'category', 'group', 'assignee', 'requester', 'affected',
  'watchers', 'tags', 'dueAt', 'firstResponseAt', 'resolvedAt', 'closedAt', 'parent', 'mergedInto', 'rating', 'source', 'description', 'resolutionNotes',
  'ratingComment', 'affectedCis',
] as const;
type KnownField = (typeof knownFields)[number];

const knownActions = ['created', 'updated', 'replied', 'noted', 'reopened', 'confirmed', 'rated', 'merged', 'merged_in', 'auto_closed'] as const;
type KnownAction = (typeof knownActions)[number];

function isKnown<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

function nameOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of ['path', 'key', 'name']) if (typeof record[key] === 'string') return record[key];
  return undefined;
}

/** One value as words, by the field it belongs to. */
export function valueWords(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value)) return value.map((v) => valueWords(t, field, v)).join(', ');
  if (timeFields.has(field) && typeof value === 'string') return formatDateTime(value);
  if (typeof value === 'string') {
    switch (field) {
      case 'status':
        return t(`tickets.statuses.${value as 'new'}`, { defaultValue: value });
      case 'pendingReason':
        return t(`tickets.pendingReasons.${value as 'awaiting_requester'}`, { defaultValue: value });
      case 'resolutionCode':
        return t(`tickets.resolutionCodes.${value as 'fixed'}`, { defaultValue: value });
      case 'impact':
      case 'urgency':
        return t(`tickets.levels.${value as 'high'}`, { defaultValue: value });
      case 'type':
        return t(`tickets.types.${value as 'incident'}`, { defaultValue: value });
      case 'title':
        return `“${value}”`;
      default:
        return value;
    }
  }
  if (typeof value === 'number') return field === 'priority' ? `P${value}` : String(value);
  return nameOf(value) ?? JSON.stringify(value);
}

function fieldWords(t: TFunction, field: string): string {
  return isKnown(knownFields, field) ? t(`timeline.fields.${field as KnownField}`) : field;
}

/** The sentences for one entry's field changes, in a stable, readable order. */
export function changeSentences(t: TFunction, entry: TicketHistoryEntry): string[] {
  const actor = entry.actor.label;
  const fields = Object.keys(entry.changes)
    .filter((f) => !hiddenFields.has(f))
    .sort((a, b) => (isKnown(knownFields, a) ? knownFields.indexOf(a) : 99) - (isKnown(knownFields, b) ? knownFields.indexOf(b) : 99));
  return fields.map((field) => {
    const change = entry.changes[field]!;
    const name = fieldWords(t, field);
    if (textFields.has(field)) return t('timeline.changedText', { actor, field: name });
    const from = valueWords(t, field, change.from);
    const to = valueWords(t, field, change.to);
    if (!from) return t('timeline.set', { actor, field: name, to });
    if (!to) return t('timeline.cleared', { actor, field: name, from });
    return t('timeline.changed', { actor, field: name, from, to });
  });
}

/** The headline of an entry: what was done, or undefined for plain field updates (their sentences say it). */
export function actionSentence(t: TFunction, entry: TicketHistoryEntry): string | undefined {
  const actor = entry.actor.label;
  if (entry.action === 'updated') return undefined;
  if (isKnown<KnownAction>(knownActions, entry.action)) return t(`timeline.actions.${entry.action}`, { actor });
  return t('timeline.actions.other', { actor, action: entry.action.replaceAll('_', ' ') });
}
