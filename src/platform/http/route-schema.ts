/** Helpers for route declarations: the problem responses every route documents. */
import { z } from 'zod';
import { ProblemSchema } from '../errors/problem.ts';

/** Problem+json responses for the given statuses (400/401/403 are added for every non-public route). */
export function problems(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries([...new Set([400, 401, 403, ...statuses])].map((s) => [s, ProblemSchema]));
}

export const NoContent = z.null().describe('No content');
