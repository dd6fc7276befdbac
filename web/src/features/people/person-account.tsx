/** A person's account panel: sign-in facts, unlock when locked, and password reset (shown once). */
import { useState } from 'react';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { Person } from '../../api/types';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { SecretOnce } from '../../components/secret-once';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { formatDateTime } from '../../i18n/format-date';
import { useCan } from '../../session/session-query';
import { peopleKey, personQuery } from './people-api';
import { isLocked, PersonStatusBadges } from './person-status-badges';
import { AnchorLink } from '../../components/anchor-link';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" ta="right">
        {children}
      </Text>
    </Group>
  );
}

export function PersonAccount({ person }: { person: Person }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const [confirmReset, resetDialog] = useDisclosure(false);
  const [temporaryPassword, setTemporaryPassword] = useState<string | null>(null);
  const path = { params: { path: { id: person.id } } };
  const reset = useMutation({
    mutationFn: () => must(api.POST('/api/v1/people/{id}/reset-password', { ...path, body: {} })),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: personQuery(person.id).queryKey });
      setTemporaryPassword(result.temporaryPassword);
    },
    onError: (error) => showProblem(error),
  });
  const unlock = useMutation({
    mutationFn: () => must(api.POST('/api/v1/people/{id}/unlock', { ...path, body: {} })),
    onSuccess: (saved) => {
      queryClient.setQueryData(personQuery(person.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: [...peopleKey, 'list'] });
      showSuccess(t('people.unlocked'));
    },
    onError: (error) => showProblem(error),
  });
  const admin = can('admin:users');
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('people.account')}
        </Title>
        <Fact label={t('people.status')}>
          <PersonStatusBadges person={person} />
        </Fact>
        <Fact label={t('people.lastLogin')}>{formatDateTime(person.lastLoginAt) || t('people.never')}</Fact>
        {isLocked(person) && <Fact label={t('people.lockedUntil')}>{formatDateTime(person.lockedUntil)}</Fact>}
        <Fact label={t('people.createdAt')}>{formatDateTime(person.createdAt)}</Fact>
        <Fact label={t('people.updatedAt')}>{formatDateTime(person.updatedAt)}</Fact>
        <Fact label={t('people.teams')}>
          {person.teams.length === 0
            ? '—'
            : person.teams.map((team, i) => (
                <span key={team.id}>
                  {i > 0 && ', '}
                  {can('teams:read') ? (
                    <AnchorLink to="/admin/teams/$id" params={{ id: team.id }} size="sm">
                      {team.name}
                    </AnchorLink>
                  ) : (
                    team.name
                  )}
                </span>
              ))}
        </Fact>
        {admin && (
          <Group mt="sm">
            <Button variant="default" onClick={resetDialog.open} loading={reset.isPending}>
              {t('people.resetPassword')}
            </Button>
            {isLocked(person) && (
              <Button variant="default" onClick={() => unlock.mutate()} loading={unlock.isPending}>
                {t('people.unlock')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
      <ConfirmDialog
        opened={confirmReset}
        onClose={resetDialog.close}
        title={t('people.resetPassword')}
        message={t('people.resetPasswordConfirm', { name: person.name })}
        confirmLabel={t('people.resetPassword')}
        onConfirm={() => reset.mutateAsync()}
      />
      <SecretOnce
        title={t('people.temporaryPasswordTitle')}
        description={t('people.temporaryPasswordHint')}
        secret={temporaryPassword}
        onClose={() => setTemporaryPassword(null)}
      />
    </Paper>
  );
}
