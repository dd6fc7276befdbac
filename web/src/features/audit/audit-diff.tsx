/** One audit event opened up: the changed fields before and after, or the whole record when created or deleted. */
import { Code, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../api/types';

/** A value as it reads in the diff: strings as they are, absent as a dash, anything else as JSON. */
function show(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 1);
}

function rowsOf(event: AuditEvent): { field: string; from: unknown; to: unknown }[] {
  const changed = Object.entries(event.changes ?? {});
  if (changed.length > 0) return changed.map(([field, change]) => ({ field, from: change.from, to: change.to }));
  // No field-level diff recorded (e.g. created or deleted): list the whole record on its side.
  const before = (event.before ?? {}) as Record<string, unknown>;
  const after = (event.after ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields.map((field) => ({ field, from: before[field], to: after[field] }));
}

export function AuditDiff({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  const rows = rowsOf(event);
  return (
    <Stack gap="xs" p="xs">
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('audit.noChanges')}
        </Text>
      ) : (
        <Table withTableBorder withColumnBorders fz="sm" aria-label={t('audit.diff')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('audit.field')}</Table.Th>
              <Table.Th scope="col">{t('audit.before')}</Table.Th>
              <Table.Th scope="col">{t('audit.after')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.field}>
                <Table.Td>
                  <Code>{row.field}</Code>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{show(row.from)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{show(row.to)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {event.requestId && (
        <Text size="xs" c="dimmed">
          {t('audit.requestId')}: <Code>{event.requestId}</Code>
        </Text>
      )}
    </Stack>
  );
}
