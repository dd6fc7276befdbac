/**
 * The calendar's weekly hours (several "HH:MM"–"HH:MM" intervals per weekday, added and removed with
 * buttons) and its holidays (a date or a yearly MM-DD, and a name).
 */
import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { isOvernight, weekdays, type CalendarDraft } from './calendar-draft';

const timeProps = { maxLength: 5, placeholder: 'HH:MM', w: 90, inputMode: 'numeric' as const };

export function WeeklyHoursEditor({ form }: { form: UseFormReturnType<CalendarDraft> }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('slaAdmin.hoursHint')}
      </Text>
      <Table verticalSpacing="xs" withTableBorder>
        <Table.Tbody>
          {weekdays.map((day) => {
            const intervals = form.values.spec.hours[day];
            const dayName = t(`slaAdmin.weekdays.${day}`);
            const dayError = form.errors[`spec.hours.${day}`];
            return (
              <Table.Tr key={day}>
                <Table.Th scope="row" w={120} style={{ verticalAlign: 'top' }}>
                  {dayName}
                </Table.Th>
                <Table.Td>
                  <Stack gap={6}>
                    {intervals.length === 0 && <Text size="sm" c="dimmed">{t('slaAdmin.closed')}</Text>}
                    {intervals.map((interval, i) => {
                      const path = `spec.hours.${day}.${i}`;
                      const rowError = form.errors[path];
                      return (
                        <Stack key={i} gap={2}>
                          <Group gap="xs" align="flex-start" wrap="nowrap">
                            <TextInput {...timeProps} aria-label={t('slaAdmin.startOf', { day: dayName, n: i + 1 })} {...form.getInputProps(`${path}.start`)} />
                            <Text pt={6}>–</Text>
                            <TextInput {...timeProps} aria-label={t('slaAdmin.endOf', { day: dayName, n: i + 1 })} {...form.getInputProps(`${path}.end`)} />
                            {isOvernight(interval) && (
                              <Badge mt={6} variant="light" color="grape">
                                {t('slaAdmin.overnight')}
                              </Badge>
                            )}
                            <Button
                              size="xs"
                              mt={4}
                              variant="subtle"
                              color="red"
                              onClick={() => form.removeListItem(`spec.hours.${day}`, i)}
                              aria-label={t('slaAdmin.removeInterval', { day: dayName, n: i + 1 })}
                            >
                              {t('common.remove')}
                            </Button>
                          </Group>
                          {rowError && (
                            <Text c="red" size="xs" role="alert">
                              {rowError}
                            </Text>
                          )}
                        </Stack>
                      );
                    })}
                    {dayError && (
                      <Text c="red" size="xs" role="alert">
                        {dayError}
                      </Text>
                    )}
                    <Group>
                      <Button
                        size="xs"
                        variant="light"
                        disabled={intervals.length >= 6}
                        onClick={() => form.insertListItem(`spec.hours.${day}`, { start: '09:00', end: '17:00' })}
                        aria-label={t('slaAdmin.addIntervalTo', { day: dayName })}
                      >
                        {t('slaAdmin.addInterval')}
                      </Button>
                    </Group>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

export function HolidaysEditor({ form }: { form: UseFormReturnType<CalendarDraft> }) {
  const { t } = useTranslation();
  const holidays = form.values.spec.holidays;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t('slaAdmin.holidaysHint')}
      </Text>
      {typeof form.errors['spec.holidays'] === 'string' && (
        <Text c="red" size="sm" role="alert">
          {form.errors['spec.holidays']}
        </Text>
      )}
      {holidays.length === 0 && <Text c="dimmed">{t('slaAdmin.noHolidays')}</Text>}
      {holidays.map((_, i) => (
        <Paper key={i} withBorder p="xs">
          <Group align="flex-start">
            <TextInput label={t('slaAdmin.holidayDate')} placeholder="2026-12-24 / 12-25" maxLength={10} w={170} {...form.getInputProps(`spec.holidays.${i}.date`)} />
            <TextInput label={t('slaAdmin.holidayName')} maxLength={100} style={{ flex: 1 }} {...form.getInputProps(`spec.holidays.${i}.name`)} />
            <Button mt={26} size="xs" variant="subtle" color="red" onClick={() => form.removeListItem('spec.holidays', i)} aria-label={t('slaAdmin.removeHoliday', { n: i + 1 })}>
              {t('common.remove')}
            </Button>
          </Group>
        </Paper>
      ))}
      <Group>
        <Button size="xs" variant="light" onClick={() => form.insertListItem('spec.holidays', { date: '', name: '' })}>
          {t('slaAdmin.addHoliday')}
        </Button>
      </Group>
    </Stack>
  );
}
