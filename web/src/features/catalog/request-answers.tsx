/**
 * A catalogue request's answers, labelled by the item's form (fields removed from the form since keep
 * their key as label); person answers show by name, from the directory.
 */
import { Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TicketDetail } from '../../api/types';
import { directoryEntryQuery } from '../people/people-api';
import { Fact } from '../tickets/ticket-facts';
import { catalogItemQuery } from './catalog-api';

/** A person answer by name, from the organisation's directory (the id while it loads or if they left). */
function PersonName({ id }: { id: string }) {
  const person = useQuery({ ...directoryEntryQuery(id), retry: false, staleTime: 60_000 });
  return <>{person.data?.name ?? id}</>;
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
    return field?.type === 'person' && typeof value === 'string' ? <PersonName id={value} /> : String(value);
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
