/**
 * One of my tickets in the portal: its public conversation and a reply box, where it stands, and once
 * it is resolved, confirming the fix (or saying it is not fixed) and rating the help.
 */
import { Alert, Breadcrumbs, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { TicketDetail } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { formatDateTime } from '../../i18n/format-date';
import { useCan, useSession } from '../../session/session-query';
import { RequestAnswers } from '../catalog/request-answers';
import { RequestApprovals } from '../catalog/request-approvals';
import { RequestTasks } from '../catalog/request-tasks';
import { Conversation } from '../tickets/conversation';
import { ReplyBox } from '../tickets/reply-box';
import { Fact } from '../tickets/ticket-facts';
import { ticketQuery } from '../tickets/tickets-api';
import { DueText } from './due-text';
import { PortalStatusBadge } from './portal-status';
import { ResolutionPanel } from './resolution-panel';

const route = getRouteApi('/_app/portal/tickets/$key');

function StatusCard({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('portal.aboutTitle')}
        </Title>
        <Fact label={t('tickets.status')}>
          <PortalStatusBadge status={ticket.status} pendingReason={ticket.pendingReason} />
        </Fact>
        <Fact label={t('tickets.type')}>{t(`tickets.types.${ticket.type}`)}</Fact>
        <Fact label={t('tickets.category')}>{ticket.category?.path ?? '—'}</Fact>
        <Fact label={t('portal.handledBy')}>{ticket.assignee?.name ?? ticket.group?.name ?? t('portal.notYetAssigned')}</Fact>
        <Fact label={t('portal.due')}>
          <DueText ticket={ticket} />
        </Fact>
        <Fact label={t('portal.opened')}>{formatDateTime(ticket.createdAt)}</Fact>
        <Fact label={t('portal.lastUpdate')}>{formatDateTime(ticket.updatedAt)}</Fact>
        {ticket.mergedInto && (
          <Fact label={t('portal.mergedInto')}>
            <AnchorLink to="/portal/tickets/$key" params={{ key: ticket.mergedInto.key }} size="sm">
              {ticket.mergedInto.key}
            </AnchorLink>
          </Fact>
        )}
      </Stack>
    </Paper>
  );
}

export function PortalTicketPage() {
  const { t } = useTranslation();
  const can = useCan();
  const { user } = useSession();
  const { key } = route.useParams();
  const ticket = useQuery(ticketQuery(key));
  const data = ticket.data;
  const mine = data !== undefined && (data.requester.id === user.id || data.affected?.id === user.id);
  const finished = data?.status === 'closed' || data?.status === 'cancelled';
  // A resolved ticket takes replies only from the people it is for (or the service desk).
  const canReply = data !== undefined && !finished && (data.status !== 'resolved' || mine || can('tickets:write'));
  return (
    <Stack>
      <Breadcrumbs>
        <AnchorLink to="/portal">{t('portal.title')}</AnchorLink>
        <span>{data?.key ?? key.toUpperCase()}</span>
      </Breadcrumbs>
      {ticket.error && <QueryError error={ticket.error} onRetry={() => void ticket.refetch()} />}
      {!data && !ticket.error && <Loader aria-label={t('common.loading')} />}
      {data && (
        <>
          <PageHeader
            title={data.title}
            description={
              <Group gap="xs" component="span">
                <Text span ff="monospace" size="sm">
                  {data.key}
                </Text>
                <PortalStatusBadge status={data.status} pendingReason={data.pendingReason} />
              </Group>
            }
          />
          {data.status === 'pending' && data.pendingReason === 'awaiting_requester' && mine && (
            <Alert color="orange" title={t('portal.waitingTitle')}>
              {t('portal.waitingBody')}
            </Alert>
          )}
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Stack>
                <ResolutionPanel ticket={data} mine={mine} />
                <Title order={2} size="h4">
                  {t('portal.conversation')}
                </Title>
                <Conversation ticket={data} showInternal={false} />
                {canReply ? (
                  <ReplyBox ticketKey={data.key} allowInternal={false} />
                ) : (
                  finished && <Alert color="gray">{t('portal.closedNoReplies', { key: data.key })}</Alert>
                )}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Stack>
                <StatusCard ticket={data} />
                <RequestAnswers ticket={data} />
                <RequestApprovals ticket={data} />
                <RequestTasks ticket={data} writable={false} />
              </Stack>
            </Grid.Col>
          </Grid>
        </>
      )}
    </Stack>
  );
}
