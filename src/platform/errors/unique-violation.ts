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
