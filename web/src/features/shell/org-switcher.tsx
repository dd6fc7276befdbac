/** Switches the session's organisation; hidden when the user belongs to only one. */
import { Select } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import { setCsrfToken } from '../../api/csrf-token';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { sessionKey, useSession } from '../../session/session-query';

export function OrgSwitcher() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const switchOrg = useMutation({
    mutationFn: (organisation: string) => must(api.PUT('/api/v1/auth/session/organisation', { body: { organisation } })),
    onSuccess: async (next) => {
      setCsrfToken(next.csrfToken);
      await navigate({ to: '/' });
      // Nothing cached from the previous organisation may show under the new one.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      queryClient.setQueryData(sessionKey, next);
      showSuccess(t('org.switched', { name: next.organisation.name }));
    },
    onError: (error) => showProblem(error),
  });
  if (session.organisations.length <= 1) return null;
  return (
    <Select
      aria-label={t('org.label')}
      data={session.organisations.map((o) => ({ value: o.id, label: o.name }))}
      value={session.organisation.id}
      onChange={(id) => id && id !== session.organisation.id && switchOrg.mutate(id)}
      allowDeselect={false}
      disabled={switchOrg.isPending}
      w={{ base: 120, sm: 220 }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
