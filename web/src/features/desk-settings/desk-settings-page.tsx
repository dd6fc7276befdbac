/**
 * Admin › Desk settings: the priority matrix (impact × urgency → P1–P5), how long a resolved ticket may
 * be reopened and when resolved tickets close by themselves. Saved with the version (409 reloads).
 */
import { Button, ColorSwatch, Group, Loader, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { DeskSettings, Level } from '../../api/types';
import { Forbidden } from '../../components/forbidden';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { onSaveError, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { priorityColour } from '../tickets/ticket-badges';
import { levels, priorities } from '../tickets/ticket-vocabulary';
import { deskSettingsQuery } from './desk-settings-api';

export function DeskSettingsPage() {
  const can = useCan();
  return can('desk:admin') ? <DeskSettingsEditor /> : <Forbidden />;
}

function DeskSettingsEditor() {
  const { t } = useTranslation();
  const settings = useQuery(deskSettingsQuery);
  return (
    <Stack maw={900}>
      <PageHeader title={t('sections.deskSettings.title')} description={t('sections.deskSettings.description')} />
      {settings.error && <QueryError error={settings.error} onRetry={() => void settings.refetch()} />}
      {!settings.data && !settings.error && <Loader aria-label={t('common.loading')} />}
      {settings.data && <SettingsForm key={settings.data.version} settings={settings.data} onConflict={() => void settings.refetch()} />}
    </Stack>
  );
}

/** Select values are strings; the matrix keeps the server's shape so its field errors land on the cells. */
function valuesOf(s: DeskSettings) {
  const row = (impact: Level) => ({ high: String(s.priorityMatrix[impact].high), medium: String(s.priorityMatrix[impact].medium), low: String(s.priorityMatrix[impact].low) });
  return { priorityMatrix: { high: row('high'), medium: row('medium'), low: row('low') }, reopenDays: s.reopenDays as number | string, autoCloseDays: s.autoCloseDays as number | string };
}
type SettingsValues = ReturnType<typeof valuesOf>;

function SettingsForm({ settings, onConflict }: { settings: DeskSettings; onConflict: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: valuesOf(settings),
    validate: {
      reopenDays: (v) => (typeof v === 'number' && v >= 0 && v <= 365 ? null : t('deskSettings.daysRange', { min: 0, max: 365 })),
      autoCloseDays: (v) => (typeof v === 'number' && v >= 1 && v <= 365 ? null : t('deskSettings.daysRange', { min: 1, max: 365 })),
    },
  });
  const save = useMutation({
    mutationFn: (v: SettingsValues) => {
      const row = (impact: Level) => ({ high: Number(v.priorityMatrix[impact].high), medium: Number(v.priorityMatrix[impact].medium), low: Number(v.priorityMatrix[impact].low) });
      return must(
        api.PATCH('/api/v1/desk/settings', {
          body: {
            version: settings.version,
            priorityMatrix: { high: row('high'), medium: row('medium'), low: row('low') },
            reopenDays: Number(v.reopenDays),
            autoCloseDays: Number(v.autoCloseDays),
          },
        }),
      );
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(deskSettingsQuery.queryKey, saved);
      showSuccess(t('deskSettings.saved'));
    },
    onError: onSaveError(form, t('conflict.deskSettings'), onConflict),
  });
  const priorityOptions = priorities.map((p) => ({ value: String(p), label: `P${p} · ${t(`tickets.priorityNames.${p}`)}` }));
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('deskSettings.matrixTitle')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('deskSettings.matrixHint')}
            </Text>
            <Table withTableBorder withColumnBorders aria-label={t('deskSettings.matrixTitle')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={140}>
                    {t('deskSettings.impactUrgency')}
                  </Table.Th>
                  {levels.map((urgency) => (
                    <Table.Th key={urgency} scope="col">
                      {t('deskSettings.urgencyLevel', { level: t(`tickets.levels.${urgency}`) })}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {levels.map((impact) => (
                  <Table.Tr key={impact}>
                    <Table.Th scope="row">{t('deskSettings.impactLevel', { level: t(`tickets.levels.${impact}`) })}</Table.Th>
                    {levels.map((urgency) => {
                      const field = `priorityMatrix.${impact}.${urgency}` as const;
                      return (
                        <Table.Td key={urgency}>
                          <Select
                            aria-label={t('deskSettings.cell', { impact: t(`tickets.levels.${impact}`), urgency: t(`tickets.levels.${urgency}`) })}
                            data={priorityOptions}
                            allowDeselect={false}
                            leftSection={<ColorSwatch size={12} color={`var(--mantine-color-${priorityColour(Number(form.values.priorityMatrix[impact][urgency]))}-filled)`} />}
                            miw={170}
                            {...form.getInputProps(field)}
                          />
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('deskSettings.periodsTitle')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput label={t('deskSettings.reopenDays')} description={t('deskSettings.reopenDaysHint')} min={0} max={365} allowDecimal={false} suffix={` ${t('deskSettings.days')}`} {...form.getInputProps('reopenDays')} />
              <NumberInput
                label={t('deskSettings.autoCloseDays')}
                description={t('deskSettings.autoCloseDaysHint')}
                min={1}
                max={365}
                allowDecimal={false}
                suffix={` ${t('deskSettings.days')}`}
                {...form.getInputProps('autoCloseDays')}
              />
            </SimpleGrid>
          </Stack>
        </Paper>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
            {t('common.discard')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
