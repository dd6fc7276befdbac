/**
 * The class editor's working copy: the class's own fields and its custom attributes as the form edits
 * them (blank numbers, choices one per line), and the conversion to the create body or the patch.
 */
import type { CiAttributeDefinition, CiAttributeType, CiClass, CiClassPatch, NewCiClass } from '../../api/types';

export interface AttributeDraft {
  key: string;
  label: string;
  type: CiAttributeType;
  required: boolean;
  help: string;
  /** Choice values, one per line. */
  choices: string;
  min: number | '';
  max: number | '';
  integer: boolean;
  maxLength: number | '';
  pattern: string;
  /** ci: the class (key) the item must be of. */
  ciClass: string | null;
}

export interface ClassDraft {
  key: string;
  name: string;
  description: string;
  parent: string | null;
  isAsset: boolean;
  expectedLifeMonths: number | '';
  customAttributes: AttributeDraft[];
}

export const attributeTypes: readonly CiAttributeType[] = ['text', 'number', 'date', 'boolean', 'choice', 'person', 'ci'];

export const emptyAttribute: AttributeDraft = { key: '', label: '', type: 'text', required: false, help: '', choices: '', min: '', max: '', integer: false, maxLength: '', pattern: '', ciClass: null };

/** An attribute key from its label: "Patch group" → patchGroup (camelCase, as the API wants). */
export function keyFromLabel(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const key = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join('').replace(/^[^a-z]+/, '');
  return key.slice(0, 40) || 'attribute';
}

function attributeDraftOf(a: CiAttributeDefinition): AttributeDraft {
  return {
    key: a.key,
    label: a.label,
    type: a.type,
    required: a.required ?? false,
    help: a.help ?? '',
    choices: (a.choices ?? []).join('\n'),
    min: a.min ?? '',
    max: a.max ?? '',
    integer: a.integer ?? false,
    maxLength: a.maxLength ?? '',
    pattern: a.pattern ?? '',
    ciClass: a.ciClass ?? null,
  };
}

export function classDraftOf(cls: CiClass | null): ClassDraft {
  return {
    key: cls?.key ?? '',
    name: cls?.name ?? '',
    description: cls?.description ?? '',
    parent: cls?.parent?.key ?? null,
    isAsset: cls?.isAsset ?? false,
    expectedLifeMonths: cls?.expectedLifeMonths ?? '',
    customAttributes: (cls?.customAttributes ?? []).map(attributeDraftOf),
  };
}

function attributeBody(a: AttributeDraft): CiAttributeDefinition {
  const help = a.help.trim();
  const choices = a.choices
    .split('\n')
    .map((c) => c.trim())
    .filter(Boolean);
  return {
    key: a.key.trim() || keyFromLabel(a.label),
    label: a.label.trim(),
    type: a.type,
    required: a.required,
    ...(help ? { help } : {}),
    ...(a.type === 'choice' ? { choices } : {}),
    ...(a.type === 'number' && a.min !== '' ? { min: a.min } : {}),
    ...(a.type === 'number' && a.max !== '' ? { max: a.max } : {}),
    ...(a.type === 'number' && a.integer ? { integer: true } : {}),
    ...(a.type === 'text' && a.maxLength !== '' ? { maxLength: a.maxLength } : {}),
    ...(a.type === 'text' && a.pattern.trim() ? { pattern: a.pattern.trim() } : {}),
    ...(a.type === 'ci' && a.ciClass ? { ciClass: a.ciClass } : {}),
  };
}

export function createBodyOf(d: ClassDraft): NewCiClass {
  return {
    key: d.key.trim(),
    name: d.name.trim(),
    ...(d.description.trim() ? { description: d.description.trim() } : {}),
    parent: d.parent,
    isAsset: d.isAsset,
    expectedLifeMonths: d.expectedLifeMonths === '' ? null : d.expectedLifeMonths,
    customAttributes: d.customAttributes.map(attributeBody),
  };
}

/** The patch: the whole custom attribute list (PATCH replaces it), and the class's fields a built-in class lets change. */
export function patchOf(cls: CiClass, d: ClassDraft): CiClassPatch {
  return {
    version: cls.version,
    ...(cls.builtin ? {} : { name: d.name.trim(), description: d.description.trim(), isAsset: d.isAsset }),
    expectedLifeMonths: d.expectedLifeMonths === '' ? null : d.expectedLifeMonths,
    customAttributes: d.customAttributes.map(attributeBody),
  };
}

/**
 * Where a problem's field shows in the editor: the path as is, with an index into the choices (kept
 * as one text box) dropped, and number and text options that the server names by one of them kept.
 */
export function editorPath(field: string): string {
  return field.replace(/\.choices\.\d+$/, '.choices');
}
