/**
 * Admin › SLA policies › one policy (or /admin/sla-policies/new): name, description, active, conditions,
 * targets per priority, calendar, pause statuses, warning threshold and escalations. Problems the
 * server names (`targets.response.1`, `escalations.0.groupId`) show on those inputs.
 */
import { useState } from 'react';
import { Button, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { SlaPolicy } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { DialogActions } from '../../components/dialog-actions';
import { Forbidden } from '../../components/forbidden';
import { FormSection } from '../../components/form-section';
import { PageHeader } from '../../components/page-header';
import { RecordPage } from '../../components/record-page';
import { onEditorSaveError, showSuccess } from '../../forms/problem-feedback';
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
    <RecordPage
      list={<AnchorLink to="/admin/sla-policies">{t('sections.slaPolicies.title')}</AnchorLink>}
      newLabel={t('slaAdmin.newPolicy')}
      isNew={isNew}
      query={policy}
      maw={1000}
      editor={(record, onConflict) => <PolicyEditor policy={record} onConflict={onConflict} />}
    />
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
    onError: onEditorSaveError(form, policyEditorPath, t('conflict.policy'), onConflict),
  });
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
            <FormSection title={t('slaAdmin.conditions')} />
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
            <FormSection title={t('slaAdmin.targets')} />
            <TargetsTable form={form} />
            <FormSection title={t('slaAdmin.clock')} />
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
            <FormSection title={t('slaAdmin.escalations')} />
            <EscalationsEditor form={form} />
            <DialogActions onCancel={() => void navigate({ to: '/admin/sla-policies' })} submitLabel={policy ? t('common.save') : t('slaAdmin.createPolicy')} loading={save.isPending} />
          </Stack>
        </form>
      </Paper>
      <DeleteSlaDialog kind="policy" record={deleting ? policy : null} onClose={() => setDeleting(false)} onDeleted={() => void navigate({ to: '/admin/sla-policies' })} />
    </>
  );
}
