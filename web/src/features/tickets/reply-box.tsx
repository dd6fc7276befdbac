/**
 * Writes into a ticket's conversation: a public reply, or (for agents) an internal note, chosen with a
 * switch that also tints the box so nobody sends a note to the requester by mistake. Ctrl+Enter (⌘+Enter)
 * sends. A reply can move the ticket (first response, back from pending), so the ticket is refreshed.
 */
import { useState, type Ref } from 'react';
import { Button, Group, Kbd, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, must } from '../../api/client';
import { MarkdownEditor } from '../../components/markdown-editor';
import { showProblem, showSuccess } from '../../forms/problem-feedback';
import { commentsQueryKey } from './conversation';
import { ticketQuery, ticketsKey } from './tickets-api';

type Visibility = 'public' | 'internal';

interface ReplyBoxProps {
  ticketKey: string;
  /** Agents may write internal notes; requesters only reply publicly and never see the switch. */
  allowInternal: boolean;
  textareaRef?: Ref<HTMLTextAreaElement>;
}

export function ReplyBox({ ticketKey, allowInternal, textareaRef }: ReplyBoxProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [visibility, setVisibility] = useState<Visibility>('public');
  const form = useForm({ initialValues: { text: '' }, validate: { text: (v) => (v.trim() ? null : t('conversation.empty')) } });
  const send = useMutation({
    mutationFn: (text: string) => must(api.POST('/api/v1/tickets/{id}/comments', { params: { path: { id: ticketKey } }, body: { text, visibility } })),
    onSuccess: () => {
      form.reset();
      showSuccess(visibility === 'internal' ? t('conversation.noteAdded') : t('conversation.replySent'));
      void queryClient.invalidateQueries({ queryKey: commentsQueryKey(ticketKey) });
      void queryClient.invalidateQueries({ queryKey: ticketQuery(ticketKey).queryKey });
      void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'history', ticketKey.toUpperCase()] });
      void queryClient.invalidateQueries({ queryKey: [...ticketsKey, 'list'] });
    },
    onError: (error) => showProblem(error, form),
  });
  const submit = form.onSubmit((values) => send.mutate(values.text));
  const internal = allowInternal && visibility === 'internal';
  const label = internal ? t('conversation.internalNote') : t('conversation.reply');
  return (
    <Paper
      withBorder
      p="sm"
      component="form"
      onSubmit={submit}
      aria-label={t('conversation.composer')}
      bg={internal ? 'var(--mantine-color-yellow-light)' : undefined}
    >
      <Stack gap="xs">
        <MarkdownEditor
          label={label}
          value={form.values.text}
          onChange={(value) => form.setFieldValue('text', value)}
          error={form.errors.text}
          minRows={3}
          textareaRef={textareaRef}
          placeholder={internal ? t('conversation.notePlaceholder') : allowInternal ? t('conversation.replyPlaceholder') : t('conversation.replyToDeskPlaceholder')}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              submit();
            }
          }}
          controls={
            allowInternal && (
              <SegmentedControl
                size="xs"
                aria-label={t('conversation.visibility')}
                value={visibility}
                onChange={(value) => setVisibility(value as Visibility)}
                color={internal ? 'yellow' : undefined}
                data={[
                  { value: 'public', label: t('conversation.publicReply') },
                  { value: 'internal', label: t('conversation.internalNote') },
                ]}
              />
            )
          }
        />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> {t('conversation.toSend')}
            {internal && ` · ${t('conversation.internalHint')}`}
          </Text>
          <Button type="submit" loading={send.isPending} color={internal ? 'yellow' : undefined}>
            {internal ? t('conversation.addNote') : t('conversation.send')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
