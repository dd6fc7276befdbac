/**
 * Requesting one catalogue item: its description, its form (each answer checked here as the server
 * will, and the server's `values.<key>` problems shown on the field), an optional note; sending opens
 * the new request in the portal.
 */
import { Alert, Breadcrumbs, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { CatalogItem } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { Markdown } from '../../components/markdown';
import { MarkdownEditor } from '../../components/markdown-editor';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { ticketsKey } from '../tickets/tickets-api';
import { AnswerField, checkAnswer, type Answer } from './answer-field';
import { approvalsKey, catalogItemQuery } from './catalog-api';

const route = getRouteApi('/_app/portal/catalog/$id');

export function CatalogRequestPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const item = useQuery(catalogItemQuery(id));
  return (
    <Stack maw={820}>
      <Breadcrumbs>
        <AnchorLink to="/portal">{t('portal.title')}</AnchorLink>
        <AnchorLink to="/portal/catalog">{t('catalog.title')}</AnchorLink>
        <span>{item.data?.name ?? '…'}</span>
      </Breadcrumbs>
      {item.error && <QueryError error={item.error} onRetry={() => void item.refetch()} />}
      {!item.data && !item.error && <Loader aria-label={t('common.loading')} />}
      {item.data && <RequestForm key={item.data.version} item={item.data} />}
    </Stack>
  );
}

function RequestForm({ item }: { item: CatalogItem }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { values: Object.fromEntries(item.form.map((f) => [f.key, null])) as Record<string, Answer>, note: '' },
    validate: (v) => {
      const errors: Record<string, string> = {};
      for (const field of item.form) {
        const problem = checkAnswer(field, v.values[field.key] ?? null, t);
        if (problem) errors[`values.${field.key}`] = problem;
      }
      return errors;
    },
  });
  const submit = useMutation({
    mutationFn: (v: typeof form.values) => {
      const values = Object.fromEntries(Object.entries(v.values).filter(([, a]) => a !== null && a !== ''));
      return must(api.POST('/api/v1/catalog-items/{id}/requests', { params: { path: { id: item.id } }, body: { values, ...(v.note.trim() ? { note: v.note } : {}) } }));
    },
    onSuccess: (ticket) => {
      void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'list'] });
      void queryClient.invalidateQueries({ queryKey: approvalsKey });
      showSuccess(t('portal.form.sent', { key: ticket.key }));
      void navigate({ to: '/portal/tickets/$key', params: { key: ticket.key } });
    },
    onError: (error) => showProblem(error, form),
  });
  return (
    <>
      <PageHeader title={item.name} description={item.category?.name} />
      {!item.active && <Alert color="gray">{t('catalog.retired')}</Alert>}
      {item.description && (
        <Paper withBorder p="md">
          <Markdown text={item.description} />
        </Paper>
      )}
      {item.approvals.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('catalog.approvalNote', { count: item.approvals.length })}
        </Text>
      )}
      <Paper withBorder p="md">
        <form onSubmit={form.onSubmit((values) => submit.mutate(values))} noValidate>
          <Stack>
            {item.form.length === 0 && <Text c="dimmed">{t('catalog.noQuestions')}</Text>}
            {item.form.map((field, i) => (
              <AnswerField
                key={field.key}
                itemId={item.id}
                field={field}
                value={form.values.values[field.key] ?? null}
                onChange={(value) => form.setFieldValue(`values.${field.key}`, value)}
                error={form.errors[`values.${field.key}`]}
                autoFocus={i === 0}
              />
            ))}
            <MarkdownEditor
              label={t('catalog.note')}
              description={t('catalog.noteHint')}
              value={form.values.note}
              onChange={(value) => form.setFieldValue('note', value)}
              error={form.errors.note}
              minRows={3}
            />
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/portal/catalog">
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={submit.isPending} disabled={!item.active}>
                {t('catalog.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
