/**
 * The portal's "New request" form: what kind of help, a title, a description (Markdown), a category and
 * how urgent it is. The service desk sets everything else. Opens the new ticket when it is sent.
 */
import { Breadcrumbs, Button, Group, Paper, Radio, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { Level, TicketType } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { MarkdownEditor } from '../../components/markdown-editor';
import { PageHeader } from '../../components/page-header';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { useCategoryOptions } from '../categories/categories-api';
import { ticketsKey } from '../tickets/tickets-api';
import { levels, ticketTypes } from '../tickets/ticket-vocabulary';

const emptyRequest = { type: 'incident' as TicketType, title: '', description: '', categoryId: null as string | null, urgency: 'medium' as Level };
type RequestValues = typeof emptyRequest;

export function NewRequestPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const categoryOptions = useCategoryOptions();
  const form = useForm({
    initialValues: emptyRequest,
    validate: { title: (v) => (v.trim() ? null : t('portal.form.titleRequired')) },
  });
  const submit = useMutation({
    mutationFn: (v: RequestValues) =>
      must(
        api.POST('/api/v1/tickets', {
          body: { type: v.type, title: v.title.trim(), description: v.description, urgency: v.urgency, ...(v.categoryId ? { categoryId: v.categoryId } : {}) },
        }),
      ),
    onSuccess: (ticket) => {
      void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'list'] });
      showSuccess(t('portal.form.sent', { key: ticket.key }));
      void navigate({ to: '/portal/tickets/$key', params: { key: ticket.key } });
    },
    onError: (error) => showProblem(error, form),
  });
  return (
    <Stack maw={820}>
      <Breadcrumbs>
        <AnchorLink to="/portal">{t('portal.title')}</AnchorLink>
        <span>{t('portal.newRequest')}</span>
      </Breadcrumbs>
      <PageHeader title={t('portal.newRequest')} description={t('portal.form.intro')} />
      <Paper withBorder p="md">
        <form onSubmit={form.onSubmit((values) => submit.mutate(values))}>
          <Stack>
            <Radio.Group label={t('portal.form.kind')} required {...form.getInputProps('type')}>
              <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
                {ticketTypes.map((type) => (
                  <Radio.Card key={type} value={type} p="sm" radius="sm">
                    <Group wrap="nowrap" align="flex-start" gap="sm">
                      <Radio.Indicator />
                      <div>
                        <Text fw={600} size="sm">
                          {t(`portal.form.kinds.${type}.title`)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t(`portal.form.kinds.${type}.hint`)}
                        </Text>
                      </div>
                    </Group>
                  </Radio.Card>
                ))}
              </SimpleGrid>
            </Radio.Group>
            <TextInput label={t('portal.form.title')} description={t('portal.form.titleHint')} required maxLength={300} data-autofocus autoFocus {...form.getInputProps('title')} />
            <MarkdownEditor
              label={t('portal.form.description')}
              description={t('portal.form.descriptionHint')}
              value={form.values.description}
              onChange={(value) => form.setFieldValue('description', value)}
              error={form.errors.description}
              minRows={6}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('tickets.category')}
                description={t('portal.form.categoryHint')}
                placeholder={t('portal.form.categoryNone')}
                data={categoryOptions}
                searchable
                clearable
                {...form.getInputProps('categoryId')}
              />
              <Select
                label={t('portal.form.urgency')}
                description={t('portal.form.urgencyHint')}
                data={levels.map((value) => ({ value, label: t(`portal.form.urgencies.${value}`) }))}
                allowDeselect={false}
                {...form.getInputProps('urgency')}
              />
            </SimpleGrid>
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/portal">
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={submit.isPending}>
                {t('portal.form.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
