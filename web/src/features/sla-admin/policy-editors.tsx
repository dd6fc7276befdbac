/** Parts of the SLA policy editor: the targets table (P1–P5 × response, resolution, OLA) and the escalations list. */
import { Button, Group, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { useTeamOptions } from '../teams/teams-api';
import { escalationActions, escalationEvents, metrics, targetPriorities, type PolicyDraft } from './policy-draft';

export function TargetsTable({ form }: { form: UseFormReturnType<PolicyDraft> }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('slaAdmin.targetsHint')}
      </Text>
      <Table withTableBorder verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('tickets.priority')}</Table.Th>
            {metrics.map((m) => (
              <Table.Th key={m} scope="col">
                {t(`slaAdmin.metrics.${m}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {targetPriorities.map((p) => (
            <Table.Tr key={p}>
              <Table.Th scope="row">P{p}</Table.Th>
              {metrics.map((m) => (
                <Table.Td key={m}>
                  <TextInput
                    aria-label={t('slaAdmin.targetOf', { metric: t(`slaAdmin.metrics.${m}`), priority: `P${p}` })}
                    placeholder={t('slaAdmin.noTarget')}
                    maxLength={12}
                    {...form.getInputProps(`targets.${m}.${p}`)}
                  />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

export function EscalationsEditor({ form }: { form: UseFormReturnType<PolicyDraft> }) {
  const { t } = useTranslation();
  const teams = useTeamOptions(true);
  const escalations = form.values.escalations;
  return (
    <Stack gap="xs">
      {typeof form.errors.escalations === 'string' && (
        <Text c="red" size="sm" role="alert">
          {form.errors.escalations}
        </Text>
      )}
      {escalations.length === 0 && <Text c="dimmed">{t('slaAdmin.noEscalations')}</Text>}
      {escalations.map((e, i) => {
        const path = `escalations.${i}`;
        const name = t('slaAdmin.escalationN', { n: i + 1 });
        return (
          <Paper key={i} withBorder p="xs" component="fieldset" aria-label={name} style={{ margin: 0 }}>
            <Group align="flex-end">
              <Select label={t('slaAdmin.escalationOn')} data={escalationEvents.map((v) => ({ value: v, label: t(`slaAdmin.events.${v}`) }))} allowDeselect={false} w={150} {...form.getInputProps(`${path}.on`)} />
              <Select label={t('slaAdmin.escalationClock')} data={metrics.map((v) => ({ value: v, label: t(`slaAdmin.metrics.${v}`) }))} allowDeselect={false} w={170} {...form.getInputProps(`${path}.metric`)} />
              <Select label={t('slaAdmin.escalationAction')} data={escalationActions.map((v) => ({ value: v, label: t(`slaAdmin.actions.${v}`) }))} allowDeselect={false} w={230} {...form.getInputProps(`${path}.action`)} />
              {e.action === 'reassign' && <Select label={t('slaAdmin.reassignTo')} data={teams} searchable required w={200} {...form.getInputProps(`${path}.groupId`)} />}
              <Button size="xs" variant="subtle" color="red" onClick={() => form.removeListItem('escalations', i)} aria-label={t('slaAdmin.removeNamed', { name })}>
                {t('common.remove')}
              </Button>
            </Group>
          </Paper>
        );
      })}
      <Group>
        <Button size="xs" variant="light" onClick={() => form.insertListItem('escalations', { on: 'breach', metric: 'resolution', action: 'notify_manager', groupId: null })}>
          {t('slaAdmin.addEscalation')}
        </Button>
      </Group>
    </Stack>
  );
}
