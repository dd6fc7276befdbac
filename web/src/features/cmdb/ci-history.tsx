/**
 * The item's history tab: every change from the audit trail, newest first — who, when, and each field
 * from what to what. People and items named in attributes are shown by name.
 */
import { Button, Center, Loader, Stack, Text, Timeline } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import type { CiHistoryEntry, ConfigurationItem } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { QueryError } from '../../components/query-error';
import { formatDateTime } from '../../i18n/format-date';
import { useCan } from '../../session/session-query';
import { directoryEntryQuery, personQuery } from '../people/people-api';
import { changeLines, type ShownValue } from './ci-history-words';
import { ciQuery, cmdbKey, useClassOf } from './cmdb-api';

function PersonName({ id }: { id: string }) {
  const can = useCan();
  const full = useQuery({ ...personQuery(id), enabled: can('people:read'), retry: false, staleTime: 5 * 60_000 });
  const directory = useQuery({ ...directoryEntryQuery(id), enabled: !can('people:read'), retry: false, staleTime: 5 * 60_000 });
  return <>{full.data?.name ?? directory.data?.name ?? id}</>;
}

function CiName({ id }: { id: string }) {
  const ci = useQuery({ ...ciQuery(id), retry: false, staleTime: 5 * 60_000 });
  if (!ci.data) return <>{id}</>;
  return (
    <AnchorLink to="/cmdb/$key" params={{ key: ci.data.key }} size="sm">
      {ci.data.key} · {ci.data.name}
    </AnchorLink>
  );
}

function Value({ value }: { value: ShownValue }) {
  if ('person' in value) return <PersonName id={value.person} />;
  if ('ci' in value) return <CiName id={value.ci} />;
  return <>{value.text}</>;
}

function Entry({ entry, ci }: { entry: CiHistoryEntry; ci: ConfigurationItem }) {
  const { t } = useTranslation();
  const cls = useClassOf(ci);
  const lines = entry.action === 'created' ? [] : changeLines(t, entry.changes, cls?.attributes ?? []);
  return (
    <>
      {lines.map((line, i) => (
        <Text key={i} size="sm">
          <Text span fw={500} size="sm">
            {line.field}
          </Text>
          {': '}
          <Value value={line.from} />
          {' → '}
          <Value value={line.to} />
        </Text>
      ))}
      <Text size="xs" c="dimmed" mt={2}>
        {formatDateTime(entry.at)}
      </Text>
    </>
  );
}

export function CiHistory({ ci }: { ci: ConfigurationItem }) {
  const { t } = useTranslation();
  const history = useInfiniteQuery({
    queryKey: [...cmdbKey, 'history', ci.key],
    queryFn: ({ pageParam }) => must(api.GET('/api/v1/configuration-items/{id}/history', { params: { path: { id: ci.id }, query: { limit: 100, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (history.error) return <QueryError error={history.error} onRetry={() => void history.refetch()} />;
  if (history.isPending) {
    return (
      <Center py="md">
        <Loader size="sm" aria-label={t('common.loading')} />
      </Center>
    );
  }
  const entries = history.data.pages.flatMap((p) => p.items);
  if (entries.length === 0) return <Text c="dimmed">{t('cmdb.history.empty')}</Text>;
  return (
    <Stack>
      <Timeline bulletSize={14} lineWidth={2} aria-label={t('cmdb.history.label', { key: ci.key })}>
        {entries.map((entry, i) => (
          <Timeline.Item key={`${entry.at}-${i}`} title={<HistoryTitle entry={entry} ci={ci} />}>
            <Entry entry={entry} ci={ci} />
          </Timeline.Item>
        ))}
      </Timeline>
      {history.hasNextPage && (
        <Center>
          <Button variant="default" loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
            {t('common.loadMore')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}

function HistoryTitle({ entry, ci }: { entry: CiHistoryEntry; ci: ConfigurationItem }) {
  const { t } = useTranslation();
  const cls = useClassOf(ci);
  const count = entry.action === 'updated' ? changeLines(t, entry.changes, cls?.attributes ?? []).length : 0;
  const text =
    entry.action === 'created'
      ? t('cmdb.history.created', { actor: entry.actor.label })
      : entry.action === 'updated'
        ? t('cmdb.history.updated', { actor: entry.actor.label, count })
        : t('cmdb.history.other', { actor: entry.actor.label, action: entry.action });
  return (
    <Text size="sm" fw={500}>
      {text}
    </Text>
  );
}
