/**
 * Admin › SLA policies › one policy (or /admin/sla-policies/new): name, description, active, conditions,
 * targets per priority, calendar, pause statuses, warning threshold and escalations. Problems the
 * server names (`targets.response.1`, `escalations.0.groupId`) show on those inputs.
 */
import { useState } from 'react';
import { Breadcrumbs, Button, Divider, Group, Loader, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error';
import { api, must } from '../../api/client';
import type { SlaPolicy } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { Forbidden } from '../../components/forbidden';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { onSaveError, showProblem, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { useCategoryOptions } from '../categories/categories-api';
import { useDepartmentOptions } from '../departments/departments-api';
import { priorities, ticketTypes } from '../tickets/ticket-vocabulary';
import { DeleteSlaDialog } from './delete-sla-dialog';
import { pausable, policyBodyOf, policyDraftOf, policyEditorPath, targetErrors, type PolicyDraft } from './policy-draft';
import { EscalationsEditor, TargetsTable } from './policy-editors';
import { policiesKey, policyQuery, useCalendarOptions } from './sla-api';

const route = getRouteApi('/_app/admin/sla-policies/$id');

export function PolicyPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { id } = route.useParams();
  const isNew = id === 'new';
  const policy = useQuery({ ...policyQuery(id), enabled: !isNew && can('desk:admin') });
  if (!can('desk:admin')) return <Forbidden />;
  return (
    <Stack maw={1000}>
      <Breadcrumbs>
        <AnchorLink to="/admin/sla-policies">{t('sections.slaPolicies.title')}</AnchorLink>
        <span>{isNew ? t('slaAdmin.newPolicy') : (policy.data?.name ?? '…')}</span>
      </Breadcrumbs>
      {policy.error && <QueryError error={policy.error} onRetry={() => void policy.refetch()} />}
      {!isNew && !policy.data && !policy.error && <Loader aria-label={t('common.loading')} />}
      {isNew && <PolicyEditor policy={null} />}
      {policy.data && <PolicyEditor key={policy.data.version} policy={policy.data} onConflict={() => void policy.refetch()} />}
    </Stack>
  );
}

function PolicyEditor({ policy, onConflict }: { policy: SlaPolicy | null; onConflict?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const categories = useCategoryOptions(true);
  const departments = useDepartmentOptions(true);
  const calendars = useCalendarOptions();
  const form = useForm<PolicyDraft>({
    initialValues: policyDraftOf(policy),
    validate: (values) => ({
      name: values.name.trim() ? null : t('slaAdmin.nameRequired'),
      ...targetErrors(values, t('slaAdmin.badDuration')),
    }),
  });
  const onProblem = (error: unknown) => {
    if (error instanceof ApiError) for (const { field, message } of error.problem.errors) form.setFieldError(policyEditorPath(field), message);
    showProblem(error);
  };
  const save = useMutation({
    mutationFn: (draft: PolicyDraft) =>
      policy
        ? must(api.PATCH('/api/v1/sla-policies/{id}', { params: { path: { id: policy.id } }, body: { version: policy.version, ...policyBodyOf(draft) } }))
        : must(api.POST('/api/v1/sla-policies', { body: policyBodyOf(draft) })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: [...policiesKey, 'list'] });
      queryClient.setQueryData(policyQuery(saved.id).queryKey, saved);
      showSuccess(t('slaAdmin.policySaved', { name: saved.name }));
      if (!policy) void navigate({ to: '/admin/sla-policies/$id', params: { id: saved.id }, replace: true });
    },
    onError: (error) =>
      error instanceof ApiError && error.code === 'VERSION_CONFLICT' && onConflict ? onSaveError(undefined, t('conflict.policy'), onConflict)(error) : onProblem(error),
  });
  const section = (title: string) => (
    <>
      <Divider my="xs" />
      <Title order={2} size="h4">
        {title}
      </Title>
    </>
  );
  return (
    <>
      <PageHeader
        title={policy ? policy.name : t('slaAdmin.newPolicy')}
        actions={
          policy && (
            <Button variant="default" color="red" onClick={() => setDeleting(true)}>
              {t('common.delete')}
            </Button>
          )
        }
      />
      <Paper withBorder p="md">
        <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('slaAdmin.name')} required maxLength={200} autoFocus={!policy} {...form.getInputProps('name')} />
              <Switch mt="xl" label={t('slaAdmin.active')} description={t('slaAdmin.activeHint')} {...form.getInputProps('active', { type: 'checkbox' })} />
            </SimpleGrid>
            <Textarea label={t('slaAdmin.description')} autosize minRows={2} maxLength={2000} {...form.getInputProps('description')} />
            {section(t('slaAdmin.conditions'))}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <MultiSelect
                label={t('slaAdmin.types')}
                placeholder={t('common.any')}
                data={ticketTypes.map((v) => ({ value: v, label: t(`tickets.types.${v}`) }))}
                {...form.getInputProps('conditions.types')}
              />
              <MultiSelect label={t('slaAdmin.priorities')} placeholder={t('common.any')} data={priorities.map((p) => ({ value: String(p), label: `P${p}` }))} {...form.getInputProps('conditions.priorities')} />
              <MultiSelect
                label={t('slaAdmin.categories')}
                description={t('slaAdmin.categoriesHint')}
                placeholder={t('common.any')}
                data={categories}
                searchable
                {...form.getInputProps('conditions.categoryIds')}
              />
              <MultiSelect label={t('slaAdmin.departments')} placeholder={t('common.any')} data={departments} searchable {...form.getInputProps('conditions.departmentIds')} />
            </SimpleGrid>
            <Switch label={t('slaAdmin.vipOnly')} {...form.getInputProps('conditions.vipOnly', { type: 'checkbox' })} />
            {section(t('slaAdmin.targets'))}
            <TargetsTable form={form} />
            {section(t('slaAdmin.clock'))}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select label={t('slaAdmin.calendar')} placeholder={t('slaAdmin.twentyFourSeven')} data={calendars} clearable searchable {...form.getInputProps('calendarId')} />
              <MultiSelect
                label={t('slaAdmin.pauseStatuses')}
                description={t('slaAdmin.pauseHint')}
                data={pausable.map((s) => ({ value: s, label: t(`tickets.statuses.${s}`) }))}
                {...form.getInputProps('pauseStatuses')}
              />
              <NumberInput label={t('slaAdmin.warnPercent')} description={t('slaAdmin.warnHint')} min={1} max={99} suffix=" %" {...form.getInputProps('warnPercent')} />
            </SimpleGrid>
            {section(t('slaAdmin.escalations'))}
            <EscalationsEditor form={form} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => void navigate({ to: '/admin/sla-policies' })}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={save.isPending}>
                {policy ? t('common.save') : t('slaAdmin.createPolicy')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      <DeleteSlaDialog kind="policy" record={deleting ? policy : null} onClose={() => setDeleting(false)} onDeleted={() => void navigate({ to: '/admin/sla-policies' })} />
    </>
  );
}
