/** Turns a unique-index violation on a name into a 409 naming the field. */
import { AppError } from './catalogue.ts';

export function isUniqueViolation(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 3 && e; i++) {
    if ((e as { code?: string }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function duplicateName(what: string, field = 'name') {
  return (err: unknown): never => {
    if (isUniqueViolation(err)) throw new AppError('DUPLICATE', `A ${what} with this ${field} already exists`, [{ field, message: 'is already used' }]);
    throw err;
  };
}

/** The name of the unique index a violation hit, when the driver reports it. */
export function violatedConstraint(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 3 && e; i++) {
    const found = e as { code?: string; constraint?: string };
    if (found.code === '23505') return found.constraint;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns a unique-index violation into a 409 naming the field its index guards (`fields`: index name → field). */
export function duplicateField(fields: Record<string, string>, fallback: string) {
  return (err: unknown): never => {
    if (!isUniqueViolation(err)) throw err;
    const field = fields[violatedConstraint(err) ?? ''] ?? fallback;
    throw new AppError('DUPLICATE', `Another record already has this ${field}`, [{ field, message: 'is already used' }]);
  };
}
