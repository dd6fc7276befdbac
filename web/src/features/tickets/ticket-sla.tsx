/**
 * The service-level spot of the side panel, kept apart from the editable fields: the SLA policy that
 * applies and its clocks (first response, resolution, the group's OLA) with target, due time, state and
 * a live countdown; then the ticket's own due time and first response.
 */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Divider, Group, Paper, Progress, Stack, Text, Title, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SlaClock, TicketDetail } from '../../api/types';
import { formatDateTime, formatRelative } from '../../i18n/format-date';
import { formatDuration, formatMinutes } from './durations';
import { ticketQuery } from './tickets-api';
import { isOpenStatus } from './ticket-vocabulary';

/** The current time, advancing every `everyMs` while mounted. */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "Due in 3 h 20 min" or "Overdue by 4 min", counting down to a due time. */
export function Countdown({ dueAt, now }: { dueAt: string; now: number }) {
  const { t } = useTranslation();
  const left = new Date(dueAt).getTime() - now;
  return (
    <Text size="sm" c={left < 0 ? 'red' : undefined} fw={left < 0 ? 600 : undefined}>
      {left >= 0 ? t('sla.dueIn', { duration: formatDuration(left) }) : t('sla.overdueBy', { duration: formatDuration(-left) })}
    </Text>
  );
}

type ClockState = 'running' | 'atRisk' | 'paused' | 'met' | 'breached';

const stateColours: Record<ClockState, MantineColor> = { running: 'blue', atRisk: 'orange', paused: 'gray', met: 'teal', breached: 'red' };

/** The clock's state as shown: a running clock past its warning time is at risk. */
function shownState(clock: SlaClock, now: number): ClockState {
  if (clock.state === 'running' && new Date(clock.warnAt).getTime() <= now) return 'atRisk';
  return clock.state;
}

function ClockRow({ name, clock, calendarBound, now }: { name: string; clock: SlaClock; calendarBound: boolean; now: number }) {
  const { t } = useTranslation();
  const state = shownState(clock, now);
  const targetMs = clock.targetMinutes * 60_000;
  const percent = targetMs > 0 ? Math.round((Math.max(0, clock.elapsedMs) / targetMs) * 100) : 0;
  const stopped = clock.stoppedAt !== null;
  return (
    <Stack gap={4} data-testid={`sla-clock-${name}`}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600}>
          {name}
        </Text>
        <Badge color={stateColours[state]} variant={state === 'breached' ? 'filled' : 'light'}>
          {t(`sla.states.${state}`)}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {calendarBound ? t('sla.targetBusiness', { duration: formatMinutes(clock.targetMinutes) }) : t('sla.target', { duration: formatMinutes(clock.targetMinutes) })}
      </Text>
      {clock.state === 'met' && clock.stoppedAt && (
        <Text size="sm" title={formatDateTime(clock.stoppedAt)}>
          {t('sla.metAt', { time: formatDateTime(clock.stoppedAt) })}
        </Text>
      )}
      {clock.state === 'paused' && <Text size="sm">{t('sla.pausedLeft', { duration: formatDuration(Math.max(0, clock.remainingMs)) })}</Text>}
      {(clock.state === 'running' || (clock.state === 'breached' && !stopped)) && (
        <>
          <Text size="sm" title={formatRelative(clock.dueAt)}>
            {t('sla.dueAt', { time: formatDateTime(clock.dueAt) })}
          </Text>
          <Countdown dueAt={clock.dueAt} now={now} />
        </>
      )}
      {clock.state === 'breached' && clock.breachedAt && (
        <Text size="xs" c="red">
          {t('sla.breachedAt', { time: formatDateTime(clock.breachedAt) })}
        </Text>
      )}
      <Progress
        value={Math.min(100, percent)}
        color={stateColours[state]}
        size="sm"
        aria-label={t('sla.elapsed', { percent })}
        title={t('sla.elapsed', { percent })}
      />
    </Stack>
  );
}

function SlaClocks({ ticket, now }: { ticket: TicketDetail; now: number }) {
  const { t } = useTranslation();
  const sla = ticket.sla;
  const clocks: { name: string; clock: SlaClock }[] = [];
  if (sla.response) clocks.push({ name: t('sla.clocks.response'), clock: sla.response });
  if (sla.resolution) clocks.push({ name: t('sla.clocks.resolution'), clock: sla.resolution });
  if (sla.ola) clocks.push({ name: sla.ola.group ? t('sla.olaFor', { group: sla.ola.group.name }) : t('sla.clocks.ola'), clock: sla.ola });
  if (!sla.policy && clocks.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('sla.noPolicy')}
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      {sla.policy && (
        <Group justify="space-between" gap="xs">
          <Text size="sm" c="dimmed">
            {t('sla.policy')}
          </Text>
          <Text size="sm">{sla.policy.name}</Text>
        </Group>
      )}
      <Group justify="space-between" gap="xs">
        <Text size="sm" c="dimmed">
          {t('sla.calendar')}
        </Text>
        <Text size="sm">{sla.calendar?.name ?? t('sla.allDay')}</Text>
      </Group>
      {clocks.map(({ name, clock }) => (
        <ClockRow key={name} name={name} clock={clock} calendarBound={sla.calendar !== null} now={now} />
      ))}
    </Stack>
  );
}

/** Reloads the ticket shortly after the next warning or due time of a running clock, when the server marks it. */
function useReloadAtNextMark(ticket: TicketDetail) {
  const queryClient = useQueryClient();
  const marks = [ticket.sla.response, ticket.sla.resolution, ticket.sla.ola]
    .filter((clock): clock is SlaClock => clock !== null && clock.state === 'running')
    .flatMap((clock) => [clock.warnAt, clock.dueAt])
    .map((iso) => new Date(iso).getTime())
    .filter((at) => at > Date.now());
  const next = marks.length ? Math.min(...marks) : null;
  useEffect(() => {
    if (next === null) return;
    // The server's sweep stamps warnings and breaches within moments; give it a little time.
    const delay = Math.min(next - Date.now() + 15_000, 2 ** 31 - 1);
    const timer = window.setTimeout(() => void queryClient.invalidateQueries({ queryKey: ticketQuery(ticket.key).queryKey }), delay);
    return () => window.clearTimeout(timer);
  }, [next, queryClient, ticket.key]);
}

export function TicketSla({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  useReloadAtNextMark(ticket);
  const open = isOpenStatus(ticket.status);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ticket-sla-title" data-testid="sla-panel" style={{ borderStyle: 'dashed' }}>
      <Stack gap="sm">
        <Title order={2} size="h4" id="ticket-sla-title">
          {t('sla.title')}
        </Title>
        <SlaClocks ticket={ticket} now={now} />
        <Divider />
        <Stack gap={2}>
          <Group justify="space-between" gap="xs">
            <Text size="sm" c="dimmed">
              {t('sla.due')}
            </Text>
            {ticket.dueAt ? <Text size="sm">{formatDateTime(ticket.dueAt)}</Text> : <Text size="sm">{t('sla.noDueDate')}</Text>}
          </Group>
          {ticket.dueAt && open && <Countdown dueAt={ticket.dueAt} now={now} />}
        </Stack>
        <Group justify="space-between" gap="xs">
          <Text size="sm" c="dimmed">
            {t('sla.firstResponse')}
          </Text>
          {ticket.firstResponseAt ? (
            <Text size="sm">{formatDateTime(ticket.firstResponseAt)}</Text>
          ) : (
            <Badge variant="light" color={open ? 'orange' : 'gray'}>
              {t('sla.awaitingResponse')}
            </Badge>
          )}
        </Group>
        {ticket.resolvedAt && (
          <Group justify="space-between" gap="xs">
            <Text size="sm" c="dimmed">
              {t('sla.resolved')}
            </Text>
            <Text size="sm">{formatDateTime(ticket.resolvedAt)}</Text>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
