/**
 * A ticket's timeline tab: every change from its history, oldest first, said in words. The history
 * names people by their sign-in; agents who may read people see their names instead.
 */
import { Button, Center, Loader, Stack, Text, Timeline } from '@mantine/core';
import { useInfiniteQuery, useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TicketHistoryEntry } from '../../api/types';
import { QueryError } from '../../components/query-error';
import { formatDateTime } from '../../i18n/format-date';
import { useCan } from '../../session/session-query';
import { personQuery } from '../people/people-api';
import { actionSentence, changeSentences } from './history-words';
import { fetchHistory, ticketsKey } from './tickets-api';

export function TicketTimeline({ ticketKey }: { ticketKey: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const history = useInfiniteQuery({
    queryKey: [...ticketsKey, 'history', ticketKey.toUpperCase()],
    queryFn: ({ pageParam }) => fetchHistory(ticketKey, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const loaded: TicketHistoryEntry[] = history.data?.pages.flatMap((p) => p.items) ?? [];
  const actorIds = [...new Set(loaded.flatMap((e) => (e.actor.id ? [e.actor.id] : [])))];
  const people = useQueries({
    queries: actorIds.map((id) => ({ ...personQuery(id), enabled: can('people:read'), staleTime: 5 * 60_000, retry: false })),
  });
  const names = new Map(people.flatMap((p) => (p.data ? [[p.data.id, p.data.name] as const] : [])));
  if (history.error) return <QueryError error={history.error} onRetry={() => void history.refetch()} />;
  if (history.isPending) {
    return (
      <Center py="md">
        <Loader size="sm" aria-label={t('common.loading')} />
      </Center>
    );
  }
  const entries = loaded.map((e) => ({ ...e, actor: { ...e.actor, label: (e.actor.id && names.get(e.actor.id)) || e.actor.label } }));
  if (entries.length === 0) return <Text c="dimmed">{t('timeline.empty')}</Text>;
  return (
    <Stack>
      <Timeline bulletSize={14} lineWidth={2} aria-label={t('timeline.label')}>
        {entries.map((entry, i) => {
          const headline = actionSentence(t, entry);
          // An opening lists every field as set; the headline says it all.
          const details = entry.action === 'created' ? [] : changeSentences(t, entry);
          const [title, ...rest] = headline ? [headline, ...details] : details.length ? details : [t('timeline.actions.other', { actor: entry.actor.label, action: entry.action })];
          return (
            <Timeline.Item key={`${entry.at}-${i}`} title={<Text size="sm" fw={500}>{title}</Text>}>
              {rest.map((sentence, j) => (
                <Text key={j} size="sm">
                  {sentence}
                </Text>
              ))}
              <Text size="xs" c="dimmed" mt={2}>
                {formatDateTime(entry.at)}
              </Text>
            </Timeline.Item>
          );
        })}
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
