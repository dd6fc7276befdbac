/**
 * Admin › Business calendars › one calendar (or /admin/business-calendars/new): name, IANA time zone,
 * 24×7 or weekly hours and holidays. Problems the server names (`spec.hours.mon.1.start`) show on
 * those inputs.
 */
import { useState } from 'react';
import { Button, Divider, Paper, Select, SimpleGrid, Stack, Switch, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { BusinessCalendar } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { DialogActions } from '../../components/dialog-actions';
import { Forbidden } from '../../components/forbidden';
import { PageHeader } from '../../components/page-header';
import { RecordPage } from '../../components/record-page';
import { onEditorSaveError, showSuccess } from '../../forms/problem-feedback';
import { useCan } from '../../session/session-query';
import { calendarBodyOf, calendarDraftOf, zoneChoices, type CalendarDraft } from './calendar-draft';
import { DeleteSlaDialog } from './delete-sla-dialog';
import { HolidaysEditor, WeeklyHoursEditor } from './hours-editor';
import { calendarQuery, calendarsKey } from './sla-api';

const route = getRouteApi('/_app/admin/business-calendars/$id');

export function CalendarPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { id } = route.useParams();
  const isNew = id === 'new';
  const calendar = useQuery({ ...calendarQuery(id), enabled: !isNew && can('desk:admin') });
  if (!can('desk:admin')) return <Forbidden />;
  return (
    <RecordPage
      list={<AnchorLink to="/admin/business-calendars">{t('sections.calendars.title')}</AnchorLink>}
      newLabel={t('slaAdmin.newCalendar')}
      isNew={isNew}
      query={calendar}
      maw={900}
      editor={(record, onConflict) => <CalendarEditor calendar={record} onConflict={onConflict} />}
    />
  );
}

function CalendarEditor({ calendar, onConflict }: { calendar: BusinessCalendar | null; onConflict?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const form = useForm<CalendarDraft>({
    initialValues: calendarDraftOf(calendar),
    validate: { name: (v) => (v.trim() ? null : t('slaAdmin.nameRequired')) },
  });
  const save = useMutation({
    mutationFn: (draft: CalendarDraft) =>
      calendar
        ? must(api.PATCH('/api/v1/business-calendars/{id}', { params: { path: { id: calendar.id } }, body: { version: calendar.version, ...calendarBodyOf(draft) } }))
        : must(api.POST('/api/v1/business-calendars', { body: calendarBodyOf(draft) })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: [...calendarsKey, 'list'] });
      void queryClient.invalidateQueries({ queryKey: [...calendarsKey, 'options'] });
      queryClient.setQueryData(calendarQuery(saved.id).queryKey, saved);
      showSuccess(t('slaAdmin.calendarSaved', { name: saved.name }));
      if (!calendar) void navigate({ to: '/admin/business-calendars/$id', params: { id: saved.id }, replace: true });
    },
    // A problem's field (an interval's start or end, a holiday's date) is already the input's path.
    onError: onEditorSaveError(form, (field) => field, t('conflict.calendar'), onConflict),
  });
  const alwaysOpen = form.values.spec.alwaysOpen;
  return (
    <>
      <PageHeader
        title={calendar ? calendar.name : t('slaAdmin.newCalendar')}
        actions={
          calendar && (
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
              <TextInput label={t('slaAdmin.name')} required maxLength={200} autoFocus={!calendar} {...form.getInputProps('name')} />
              <Select
                label={t('slaAdmin.timeZone')}
                description={t('slaAdmin.timeZoneHint')}
                data={zoneChoices(form.values.spec.timeZone)}
                searchable
                allowDeselect={false}
                limit={100}
                nothingFoundMessage={t('common.nothingFound')}
                {...form.getInputProps('spec.timeZone')}
              />
            </SimpleGrid>
            <Switch label={t('slaAdmin.alwaysOpen')} description={t('slaAdmin.alwaysOpenHint')} {...form.getInputProps('spec.alwaysOpen', { type: 'checkbox' })} />
            {!alwaysOpen && (
              <>
                <Divider />
                <Title order={2} size="h4">
                  {t('slaAdmin.weeklyHours')}
                </Title>
                <WeeklyHoursEditor form={form} />
                <Divider />
                <Title order={2} size="h4">
                  {t('slaAdmin.holidays')}
                </Title>
                <HolidaysEditor form={form} />
              </>
            )}
            <DialogActions onCancel={() => void navigate({ to: '/admin/business-calendars' })} submitLabel={calendar ? t('common.save') : t('slaAdmin.createCalendar')} loading={save.isPending} />
          </Stack>
        </form>
      </Paper>
      <DeleteSlaDialog kind="calendar" record={deleting ? calendar : null} onClose={() => setDeleting(false)} onDeleted={() => void navigate({ to: '/admin/business-calendars' })} />
    </>
  );
}
