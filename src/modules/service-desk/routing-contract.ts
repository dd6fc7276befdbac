/** Schemas of team routing settings and saved ticket views. */
import { z } from 'zod';
import { pageOf, pageQuery } from '../../platform/http/pagination.ts';

const version = z.number().int().min(1).describe('The version you read; a stale one gets 409');

export const GroupSettings = z
  .object({
    teamId: z.string(),
    name: z.string(),
    roundRobin: z.boolean().describe("New tickets reaching the team without an agent go to its active agents in turn"),
    lastAssignee: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
    updatedAt: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'GroupSettings' });
export type GroupSettings = z.infer<typeof GroupSettings>;
export const UpdateGroupSettingsBody = z.strictObject({ version, roundRobin: z.boolean() });
export type UpdateGroupSettingsBody = z.infer<typeof UpdateGroupSettingsBody>;

export const SavedView = z
  .object({
    id: z.string(),
    name: z.string(),
    filters: z.record(z.string(), z.string()).describe('The ticket list filters, as in GET /api/v1/tickets'),
    shared: z.boolean(),
    owner: z.object({ id: z.string(), name: z.string() }),
    mine: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof SavedView>;
export const SavedViewPage = pageOf(SavedView);
export const SavedViewQuery = z.strictObject({ ...pageQuery });
const viewQuery = z.record(z.string().max(40), z.string().max(2000)).describe('Filters of GET /api/v1/tickets (no cursor or limit)');
export const CreateSavedViewBody = z.strictObject({ name: z.string().trim().min(1, 'is required').max(100), filters: viewQuery, shared: z.boolean().default(false) });
export type CreateSavedViewBody = z.infer<typeof CreateSavedViewBody>;
export const UpdateSavedViewBody = z.strictObject({ version, name: z.string().trim().min(1).max(100).optional(), filters: viewQuery.optional(), shared: z.boolean().optional() });
export type UpdateSavedViewBody = z.infer<typeof UpdateSavedViewBody>;
