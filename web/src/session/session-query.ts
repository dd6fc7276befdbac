/** The signed-in session as server state: who I am, my organisation, my CSRF token. */
import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';
import { api, must } from '../api/client';
import { setCsrfToken } from '../api/csrf-token';
import type { Session } from '../api/types';
import { can, type Permission } from './permissions';

export const sessionKey = ['session'] as const;

export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: async (): Promise<Session> => {
    const session = await must(api.GET('/api/v1/auth/session'));
    setCsrfToken(session.csrfToken);
    return session;
  },
  staleTime: 5 * 60_000,
  retry: false,
});

/** The current session; only used below the signed-in route, which loads it first. */
export function useSession(): Session {
  return useSuspenseQuery(sessionQuery).data;
}

/** A checker for the signed-in user's permissions. */
export function useCan(): (permission: Permission) => boolean {
  const { user } = useSession();
  return (permission) => can(user, permission);
}
