/** The short reference to a configuration item that other records (tickets, relationships, impact) show. */
import { z } from 'zod';
import { ciStatuses } from './schema.ts';

export const ClassRef = z.object({ id: z.string(), key: z.string(), name: z.string() }).meta({ id: 'CiClassRef' });
export type ClassRef = z.infer<typeof ClassRef>;

export const CiRef = z
  .object({ id: z.string(), key: z.string().describe('e.g. CI-42'), name: z.string(), class: ClassRef, status: z.enum(ciStatuses) })
  .meta({ id: 'CiRef' });
export type CiRef = z.infer<typeof CiRef>;

/** A list of configuration items named by id or key (CI-42), without repeats. */
export const ciRefList = (max: number) =>
  z
    .array(z.string().trim().min(1, 'must not be empty').max(60))
    .max(max)
    .refine((a) => new Set(a.map((x) => x.toUpperCase())).size === a.length, 'must not name an item twice')
    .describe('Configuration items by id or key (CI-42)');
