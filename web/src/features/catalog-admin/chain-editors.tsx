/**
 * The item's approval chain (levels in order: the requester's manager, a team's members or named
 * people, and how many must approve) and its fulfilment task templates (title, description, team).
 */
import { Button, Group, NumberInput, Paper, Pill, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ApprovalLevel } from '../../api/types';
import { EntityPicker } from '../../components/entity-picker';
import { personQuery, searchPeopleOptions } from '../people/people-api';
import { useTeamOptions } from '../teams/teams-api';
import { ListItemControls } from './form-builder';
import { emptyLevel, emptyTask, type ItemDraft } from './item-draft';

/** An approver's name; loaded when only the id is known (an item read from the server). */
function PersonLabel({ id, label }: { id: string; label: string }) {
  const person = useQuery({ ...personQuery(id), enabled: label === id, staleTime: 60_000 });
  return <>{person.data?.name ?? label}</>;
}

const kinds: ApprovalLevel['kind'][] = ['manager', 'group', 'people'];

export function ApprovalLevelsEditor({ form }: { form: UseFormReturnType<ItemDraft> }) {
  const { t } = useTranslation();
  const teams = useTeamOptions(true);
  const levels = form.values.approvals;
  return (
    <Stack>
      {levels.length === 0 && <Text c="dimmed">{t('catalogAdmin.noApprovals')}</Text>}
      {levels.map((level, i) => {
        const name = t('catalogAdmin.levelN', { n: i + 1 });
        const path = `approvals.${i}`;
        return (
          <Paper key={i} withBorder p="sm" component="fieldset" aria-label={name} style={{ margin: 0 }}>
            <Stack gap="xs">
              <Group justify="space-between">
                <Text fw={600} size="sm">
                  {name}
                </Text>
                <ListItemControls index={i} count={levels.length} name={name} onMove={(from, to) => form.reorderListItem('approvals', { from, to })} onRemove={() => form.removeListItem('approvals', i)} />
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <Select label={t('catalogAdmin.approver')} data={kinds.map((value) => ({ value, label: t(`catalogAdmin.kinds.${value}`) }))} allowDeselect={false} {...form.getInputProps(`${path}.kind`)} />
                {level.kind === 'group' && <Select label={t('catalogAdmin.team')} data={teams} searchable required {...form.getInputProps(`${path}.groupId`)} />}
                {level.kind !== 'manager' && (
                  <NumberInput label={t('catalogAdmin.requiredApprovals')} description={t('catalogAdmin.requiredApprovalsHint')} min={1} max={50} allowDecimal={false} {...form.getInputProps(`${path}.required`)} />
                )}
              </SimpleGrid>
              {level.kind === 'people' && (
                <Stack gap={4}>
                  <EntityPicker
                    label={t('catalogAdmin.addApprover')}
                    kind="people"
                    search={searchPeopleOptions}
                    value={null}
                    exclude={level.people.map((p) => p.value)}
                    onChange={(option) => option && form.insertListItem(`${path}.people`, option)}
                    error={form.errors[`${path}.people`]}
                  />
                  <Pill.Group aria-label={t('catalogAdmin.approvers')}>
                    {level.people.map((p, j) => (
                      <Pill key={p.value} withRemoveButton onRemove={() => form.removeListItem(`${path}.people`, j)} removeButtonProps={{ 'aria-label': t('catalogAdmin.removeNamed', { name: p.label }) }}>
                        <PersonLabel id={p.value} label={p.label} />
                      </Pill>
                    ))}
                  </Pill.Group>
                </Stack>
              )}
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button variant="default" onClick={() => form.insertListItem('approvals', { ...emptyLevel, people: [] })} disabled={levels.length >= 10}>
          {t('catalogAdmin.addLevel')}
        </Button>
      </Group>
    </Stack>
  );
}

export function TaskTemplatesEditor({ form }: { form: UseFormReturnType<ItemDraft> }) {
  const { t } = useTranslation();
  const teams = useTeamOptions(true);
  const tasks = form.values.tasks;
  return (
    <Stack>
      {tasks.length === 0 && <Text c="dimmed">{t('catalogAdmin.noTasks')}</Text>}
      {tasks.map((task, i) => {
        const name = task.title || t('catalogAdmin.taskN', { n: i + 1 });
        const path = `tasks.${i}`;
        return (
          <Paper key={i} withBorder p="sm" component="fieldset" aria-label={name} style={{ margin: 0 }}>
            <Stack gap="xs">
              <Group justify="space-between">
                <Text fw={600} size="sm">
                  {t('catalogAdmin.taskN', { n: i + 1 })}
                </Text>
                <ListItemControls index={i} count={tasks.length} name={name} onMove={(from, to) => form.reorderListItem('tasks', { from, to })} onRemove={() => form.removeListItem('tasks', i)} />
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('catalogAdmin.taskTitle')} required maxLength={300} {...form.getInputProps(`${path}.title`)} />
                <Select label={t('catalogAdmin.team')} data={teams} searchable required {...form.getInputProps(`${path}.groupId`)} />
              </SimpleGrid>
              <Textarea label={t('catalogAdmin.taskDescription')} autosize minRows={2} maxLength={5000} {...form.getInputProps(`${path}.description`)} />
            </Stack>
          </Paper>
        );
      })}
      <Group>
        <Button variant="default" onClick={() => form.insertListItem('tasks', { ...emptyTask })} disabled={tasks.length >= 30}>
          {t('catalogAdmin.addTask')}
        </Button>
      </Group>
    </Stack>
  );
}
