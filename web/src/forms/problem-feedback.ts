/**
 * Turns a failed call into feedback: the problem's `detail` in a notification, and each
 * `errors[].field` onto the matching form field so the user sees what to fix where they typed it.
 */
import { notifications } from '@mantine/notifications';
import { ApiError } from '../api/api-error';
import i18n from '../i18n';

/** The part of a Mantine form this needs: its values (to know the fields) and a way to flag one. */
export interface FieldSink {
  values: object;
  setFieldError: (path: string, error: string) => void;
}

/**
 * The form field a problem's `field` (`title`, `priorityMatrix.high.low`, `tags.2`) belongs to: the
 * longest path that exists in the form's values, stopping at a list so an item's error shows on the list.
 */
function formPath(values: object, field: string): string | undefined {
  const kept: string[] = [];
  let at: unknown = values;
  for (const part of field.split('.')) {
    if (Array.isArray(at) || typeof at !== 'object' || at === null || !Object.hasOwn(at, part)) break;
    at = (at as Record<string, unknown>)[part];
    kept.push(part);
  }
  return kept.length ? kept.join('.') : undefined;
}

/** Shows why a call failed. Returns the API error (if it was one) for callers that branch on its code. */
export function showProblem(error: unknown, form?: FieldSink): ApiError | null {
  if (!(error instanceof ApiError)) {
    notifications.show({ color: 'red', title: i18n.t('errors.title'), message: i18n.t('errors.network') });
    return null;
  }
  if (form) {
    for (const { field, message } of error.problem.errors) {
      const target = formPath(form.values, field);
      if (target) form.setFieldError(target, message);
    }
  }
  const { title, detail } = error.problem;
  // Catalogue errors often say the same thing in title and detail; show it once.
  notifications.show({ color: 'red', title: title && title !== detail ? title : undefined, message: detail || title || i18n.t('errors.title') });
  return error;
}

/** A short green confirmation. */
export function showSuccess(message: string): void {
  notifications.show({ color: 'teal', message });
}

/**
 * Error handler for saving an edited record: a stale `version` (409 VERSION_CONFLICT) explains that
 * someone else changed it and calls `onConflict` (which reloads it); anything else goes to showProblem
 * (onto the form's fields when there is a form).
 */
export function onSaveError(form: FieldSink | undefined, conflictMessage: string, onConflict: () => void) {
  return (error: unknown): void => {
    if (error instanceof ApiError && error.status === 409 && error.code === 'VERSION_CONFLICT') {
      notifications.show({ color: 'orange', title: i18n.t('conflict.title'), message: conflictMessage });
      onConflict();
      return;
    }
    showProblem(error, form);
  };
}

/**
 * Error handler for saving a record on its editor page: a stale version, once the record has been
 * loaded, goes to onSaveError (which calls `onConflict`); otherwise each problem goes onto the input
 * `editorPath` names for its field (the editor's own lists included) and the problem is shown.
 */
export function onEditorSaveError(form: FieldSink, editorPath: (field: string) => string, conflictMessage: string, onConflict?: () => void) {
  return (error: unknown): void => {
    if (error instanceof ApiError && error.code === 'VERSION_CONFLICT' && onConflict) {
      onSaveError(undefined, conflictMessage, onConflict)(error);
      return;
    }
    if (error instanceof ApiError) for (const { field, message } of error.problem.errors) form.setFieldError(editorPath(field), message);
    showProblem(error);
  };
}
