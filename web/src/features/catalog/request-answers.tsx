/**
 * A catalogue request's answers, labelled by the item's form (fields removed from the form since keep
 * their key as label); person answers show by name, from the directory, and configuration items by
 * name and key, as the question offers them.
 */
import { Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TicketDetail } from '../../api/types';
import { directoryEntryQuery } from '../people/people-api';
import { Fact } from '../tickets/ticket-facts';
import { catalogItemQuery, ciAnswerQuery } from './catalog-api';

/** A person answer by name, from the organisation's directory (the id while it loads or if they left). */
function PersonName({ id }: { id: string }) {
  const person = useQuery({ ...directoryEntryQuery(id), retry: false, staleTime: 60_000 });
  return <>{person.data?.name ?? id}</>;
}

/** A configuration-item answer by name and key (the id while it loads, or if the question no longer offers it). */
function CiName({ itemId, fieldKey, id }: { itemId: string; fieldKey: string; id: string }) {
  const ci = useQuery({ ...ciAnswerQuery(itemId, fieldKey, id), retry: false });
  const found = ci.data?.items[0];
  return <>{found ? `${found.name} (${found.key})` : id}</>;
}

export function RequestAnswers({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const item = useQuery({ ...catalogItemQuery(ticket.catalogItem?.id ?? ''), enabled: ticket.catalogItem !== null });
  if (!ticket.catalogItem || !ticket.formValues) return null;
  const fields = item.data?.form ?? [];
  const keys = [...fields.map((f) => f.key).filter((k) => k in ticket.formValues!), ...Object.keys(ticket.formValues).filter((k) => !fields.some((f) => f.key === k))];
  const show = (key: string) => {
    const value = ticket.formValues![key];
    const field = fields.find((f) => f.key === key);
    if (field?.type === 'person' && typeof value === 'string') return <PersonName id={value} />;
    if (field?.type === 'ci' && typeof value === 'string') return <CiName itemId={ticket.catalogItem!.id} fieldKey={key} id={value} />;
    return String(value);
  };
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('catalog.answers.title')}
        </Title>
        <Fact label={t('catalog.answers.item')}>{ticket.catalogItem.name}</Fact>
        {keys.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('catalog.answers.none')}
          </Text>
        )}
        {keys.map((key) => (
          <Fact key={key} label={fields.find((f) => f.key === key)?.label ?? key}>
            {show(key)}
          </Fact>
        ))}
      </Stack>
    </Paper>
  );
}
