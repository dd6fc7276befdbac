/** Who can work a ticket: agents found by name, or the members of its assignment group. */
import { useQuery } from '@tanstack/react-query';
import type { PickerOption } from '../../components/entity-picker';
import { fetchPeople } from '../people/people-api';
import { teamQuery } from '../teams/teams-api';

/** Picker search over active agents: "Name <email>" options. */
export async function searchAgentOptions(q: string): Promise<PickerOption[]> {
  const page = await fetchPeople({ q: q || undefined, kind: 'agent', status: 'active', limit: 20, sort: 'name' });
  return page.items.map((p) => ({ value: p.id, label: `${p.name} <${p.email}>` }));
}

/** The members of a team as options (undefined while loading or without a team). */
export function useGroupMemberOptions(groupId: string | null, enabled: boolean): PickerOption[] | undefined {
  const team = useQuery({ ...teamQuery(groupId ?? ''), enabled: enabled && groupId !== null, staleTime: 30_000 });
  return team.data?.members.map((m) => ({ value: m.id, label: `${m.name} <${m.email}>` }));
}
