/** The desk settings query, and the priority the matrix gives an impact and urgency. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, must } from '../../api/client';
import type { DeskSettings, Level } from '../../api/types';

export const deskSettingsQuery = queryOptions({
  queryKey: ['desk-settings'],
  queryFn: () => must(api.GET('/api/v1/desk/settings')),
  staleTime: 60_000,
});

/** The settings when the user may read them (agents), else undefined. */
export function useDeskSettings(enabled: boolean): DeskSettings | undefined {
  return useQuery({ ...deskSettingsQuery, enabled }).data;
}

/** The priority (1–5) the matrix gives, as the server will compute it. */
export function priorityFrom(settings: DeskSettings | undefined, impact: Level, urgency: Level): number | undefined {
  return settings?.priorityMatrix[impact][urgency];
}
