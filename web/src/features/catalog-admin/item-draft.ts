/**
 * The catalogue item editor's working copy: every input as the form edits it (numbers may be blank,
 * options one per line, approvers with their labels), and the conversion to and from the API body.
 */
import type { ApprovalLevel, CatalogItem, CatalogItemBody, FormField, FormFieldType } from '../../api/types';
import type { PickerOption } from '../../components/entity-picker';

export interface FieldDraft {
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
  help: string;
  maxLength: number | '';
  pattern: string;
  min: number | '';
  max: number | '';
  /** Choice options, one per line. */
  options: string;
  /** Configuration item: the classes offered (keys; none = all) and whether only the requester's own. */
  ciClasses: string[];
  ownedByRequester: boolean;
}

export interface LevelDraft {
  kind: ApprovalLevel['kind'];
  groupId: string | null;
  people: PickerOption[];
  required: number;
}

export interface TaskDraft {
  title: string;
  description: string;
  groupId: string | null;
}

export interface ItemDraft {
  name: string;
  description: string;
  categoryId: string | null;
  groupId: string | null;
  active: boolean;
  form: FieldDraft[];
  approvals: LevelDraft[];
  tasks: TaskDraft[];
}

export const emptyField: FieldDraft = { key: '', label: '', type: 'text', required: false, help: '', maxLength: '', pattern: '', min: '', max: '', options: '', ciClasses: [], ownedByRequester: false };
export const emptyLevel: LevelDraft = { kind: 'manager', groupId: null, people: [], required: 1 };
export const emptyTask: TaskDraft = { title: '', description: '', groupId: null };

/** A field key from its label: "Cost centre" → cost_centre (what the API accepts). */
export function keyFromLabel(label: string): string {
  const slug = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 40);
  return slug || 'field';
}

/** The working copy of an item (a new one when there is none); approvers' names come from its approvals. */
export function draftOf(item: CatalogItem | null, names: Map<string, string>): ItemDraft {
  if (!item) return { name: '', description: '', categoryId: null, groupId: null, active: true, form: [], approvals: [], tasks: [] };
  return {
    name: item.name,
    description: item.description,
    categoryId: item.category?.id ?? null,
    groupId: item.group?.id ?? null,
    active: item.active,
    form: item.form.map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      required: f.required,
      help: f.help ?? '',
      maxLength: f.maxLength ?? '',
      pattern: f.pattern ?? '',
      min: f.min ?? '',
      max: f.max ?? '',
      options: (f.options ?? []).join('\n'),
      ciClasses: f.ciClasses ?? [],
      ownedByRequester: f.ownedByRequester ?? false,
    })),
    approvals: item.approvals.map((l) => ({
      kind: l.kind,
      groupId: l.groupId ?? null,
      people: (l.userIds ?? []).map((id) => ({ value: id, label: names.get(id) ?? id })),
      required: l.required,
    })),
    tasks: item.tasks.map((task) => ({ title: task.title, description: task.description ?? '', groupId: task.groupId })),
  };
}

function fieldBody(f: FieldDraft): FormField {
  const help = f.help.trim();
  return {
    key: f.key.trim() || keyFromLabel(f.label),
    label: f.label,
    type: f.type,
    required: f.required,
    ...(help ? { help } : {}),
    ...(f.type === 'text' && f.maxLength !== '' ? { maxLength: f.maxLength } : {}),
    ...(f.type === 'text' && f.pattern.trim() ? { pattern: f.pattern.trim() } : {}),
    ...(f.type === 'number' && f.min !== '' ? { min: f.min } : {}),
    ...(f.type === 'number' && f.max !== '' ? { max: f.max } : {}),
    ...(f.type === 'choice'
      ? {
          options: f.options
            .split('\n')
            .map((o) => o.trim())
            .filter(Boolean),
        }
      : {}),
    ...(f.type === 'ci' && f.ciClasses.length ? { ciClasses: f.ciClasses } : {}),
    ...(f.type === 'ci' && f.ownedByRequester ? { ownedByRequester: true } : {}),
  };
}

/** The API body of the working copy (what both create and update send). */
export function bodyOf(d: ItemDraft): CatalogItemBody & { active: boolean } {
  return {
    name: d.name,
    description: d.description,
    categoryId: d.categoryId,
    groupId: d.groupId,
    active: d.active,
    form: d.form.map(fieldBody),
    approvals: d.approvals.map((l) => ({
      kind: l.kind,
      required: l.kind === 'manager' ? 1 : l.required,
      ...(l.kind === 'group' && l.groupId ? { groupId: l.groupId } : {}),
      ...(l.kind === 'people' ? { userIds: l.people.map((p) => p.value) } : {}),
    })),
    tasks: d.tasks.map((task) => ({ title: task.title, groupId: task.groupId ?? '', ...(task.description.trim() ? { description: task.description.trim() } : {}) })),
  };
}

/**
 * Where a problem's field (`form.2.options.0`, `approvals.1.userIds`) shows in the editor: the path as
 * is, with an index into a list the editor keeps as one input (options, people) dropped.
 */
export function editorPath(field: string): string {
  return field.replace(/\.(options|userIds|ciClasses)\.\d+$/, '.$1').replace(/\.userIds$/, '.people');
}
