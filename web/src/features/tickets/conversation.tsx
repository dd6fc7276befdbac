/**
 * A ticket's conversation, oldest first so the newest message sits just above the reply box: the
 * opening description, then public replies and (for agents) internal notes, which look unmistakably
 * different. Messages are Markdown, rendered safely.
 */
import { Alert, Badge, Button, Center, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Ticket, TicketComment } from '../../api/types';
import { Markdown } from '../../components/markdown';
import { QueryError } from '../../components/query-error';
import { formatDateTime, formatRelative } from '../../i18n/format-date';
import { fetchComments, ticketsKey } from './tickets-api';

/** The conversation query of a ticket, shared so a reply can refresh it. */
export function commentsQueryKey(key: string) {
  return [...ticketsKey, 'comments', key.toUpperCase()] as const;
}

interface MessageProps {
  author: string;
  at: string;
  text: string;
  internal?: boolean;
  label?: string;
}

function Message({ author, at, text, internal, label }: MessageProps) {
  const { t } = useTranslation();
  return (
    <Paper
      component="article"
      withBorder
      p="sm"
      aria-label={internal ? t('conversation.internalBy', { name: author }) : t('conversation.messageBy', { name: author })}
      bg={internal ? 'var(--mantine-color-yellow-light)' : undefined}
      style={internal ? { borderLeft: '4px solid var(--mantine-color-yellow-filled)' } : undefined}
    >
      <Group justify="space-between" gap="xs" mb={6} wrap="wrap">
        <Group gap="xs">
          <Text fw={600} size="sm">
            {author}
          </Text>
          {internal ? (
            <Badge color="yellow" variant="filled" size="sm">
              {t('conversation.internalNote')}
            </Badge>
          ) : (
            label && (
              <Badge color="gray" variant="light" size="sm">
                {label}
              </Badge>
            )
          )}
        </Group>
        <Text size="xs" c="dimmed" title={formatDateTime(at)}>
          {formatRelative(at)}
        </Text>
      </Group>
      {text.trim() ? <Markdown text={text} /> : <Text size="sm" c="dimmed">{t('conversation.noDescription')}</Text>}
    </Paper>
  );
}

interface ConversationProps {
  ticket: Pick<Ticket, 'key' | 'description' | 'requester' | 'createdAt'>;
  /** False in the portal: internal notes are never shown there, even to agents looking at it. */
  showInternal: boolean;
}

export function Conversation({ ticket, showInternal }: ConversationProps) {
  const { t } = useTranslation();
  const comments = useInfiniteQuery({
    queryKey: commentsQueryKey(ticket.key),
    queryFn: ({ pageParam }) => fetchComments(ticket.key, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items: TicketComment[] = (comments.data?.pages.flatMap((p) => p.items) ?? []).filter((c) => showInternal || c.visibility === 'public');
  return (
    <Stack gap="sm" aria-label={t('conversation.label')} component="section">
      <Message author={ticket.requester.name} at={ticket.createdAt} text={ticket.description} label={t('conversation.opened')} />
      {comments.error && <QueryError error={comments.error} onRetry={() => void comments.refetch()} />}
      {comments.isPending && (
        <Center py="sm">
          <Loader size="sm" aria-label={t('common.loading')} />
        </Center>
      )}
      {items.map((comment) => (
        <Message
          key={comment.id}
          author={comment.author?.name ?? comment.authorLabel}
          at={comment.createdAt}
          text={comment.text}
          internal={comment.visibility === 'internal'}
        />
      ))}
      {comments.hasNextPage && (
        <Center>
          <Button variant="default" loading={comments.isFetchingNextPage} onClick={() => void comments.fetchNextPage()}>
            {t('conversation.loadLater')}
          </Button>
        </Center>
      )}
      {comments.data && items.length === 0 && (
        <Alert variant="light" color="gray">
          {t('conversation.noReplies')}
        </Alert>
      )}
    </Stack>
  );
}
