/**
 * One ticket for agents: header (key, title, status, priority), the conversation with its reply box or
 * the timeline, and the side panel (fields, affected configuration items, service level, details,
 * related tickets, merge).
 * Keys: `r` writes a reply, `t` shows the timeline, `c` the conversation.
 */
import { useRef, useState } from 'react';
import { Alert, Breadcrumbs, Button, Grid, Group, Kbd, Loader, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Navigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/anchor-link';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { useCan } from '../../session/session-query';
import { RequestAnswers } from '../catalog/request-answers';
import { RequestApprovals } from '../catalog/request-approvals';
import { RequestTasks } from '../catalog/request-tasks';
import { Conversation } from './conversation';
import { MergeTicketModal } from './merge-ticket-modal';
import { ReplyBox } from './reply-box';
import { PriorityBadge, StatusBadge, TypeBadge } from './ticket-badges';
import { TicketAffectedCis } from './ticket-affected-cis';
import { TicketFacts } from './ticket-facts';
import { TicketFields } from './ticket-fields';
import { TicketRelated } from './ticket-related';
import { TicketSla } from './ticket-sla';
import { TicketTimeline } from './ticket-timeline';
import { ticketQuery } from './tickets-api';
import { isOpenStatus } from './ticket-vocabulary';

const route = getRouteApi('/_app/tickets/$key');

export function TicketPage() {
  const can = useCan();
  const { key } = route.useParams();
  // Requesters follow links to their tickets into the portal, which shows what they may see. Read-only
  // agents see everything here but write nothing.
  return can('tickets:read') ? <TicketView ticketKey={key} /> : <Navigate to="/portal/tickets/$key" params={{ key }} replace />;
}

function TicketView({ ticketKey }: { ticketKey: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const ticket = useQuery(ticketQuery(ticketKey));
  const [tab, setTab] = useState<'conversation' | 'timeline'>('conversation');
  const [merging, merge] = useDisclosure(false);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const data = ticket.data;
  const writable = can('tickets:write');
  const canReply = data !== undefined && data.status !== 'closed' && data.status !== 'cancelled';
  useHotkeys([
    [
      'r',
      () => {
        setTab('conversation');
        requestAnimationFrame(() => replyRef.current?.focus());
      },
    ],
    ['t', () => setTab('timeline')],
    ['c', () => setTab('conversation')],
  ]);
  const refetch = () => void ticket.refetch();
  return (
    <Stack>
      <Breadcrumbs>
        <AnchorLink to="/tickets">{t('sections.tickets.title')}</AnchorLink>
        <span>{data?.key ?? ticketKey.toUpperCase()}</span>
      </Breadcrumbs>
      {ticket.error && <QueryError error={ticket.error} onRetry={refetch} />}
      {!data && !ticket.error && <Loader aria-label={t('common.loading')} />}
      {data && (
        <>
          <PageHeader
            title={`${data.key} · ${data.title}`}
            description={
              <Group gap="xs" component="span">
                <TypeBadge type={data.type} />
                <StatusBadge status={data.status} pendingReason={data.pendingReason} />
                <PriorityBadge priority={data.priority} />
                <Text span size="sm" c="dimmed">
                  {t('ticket.openedBy', { name: data.requester.name })}
                </Text>
              </Group>
            }
            actions={
              writable &&
              isOpenStatus(data.status) && (
                <Button variant="default" onClick={merge.open}>
                  {t('merge.action')}
                </Button>
              )
            }
          />
          {data.mergedInto && (
            <Alert color="gray" title={t('ticket.mergedTitle')}>
              {t('ticket.mergedBody')}{' '}
              <AnchorLink to="/tickets/$key" params={{ key: data.mergedInto.key }}>
                {data.mergedInto.key} · {data.mergedInto.title}
              </AnchorLink>
            </Alert>
          )}
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Tabs value={tab} onChange={(value) => setTab(value === 'timeline' ? 'timeline' : 'conversation')} keepMounted={false}>
                <Tabs.List mb="md">
                  <Tabs.Tab value="conversation">{t('ticket.conversation')}</Tabs.Tab>
                  <Tabs.Tab value="timeline">{t('ticket.timeline')}</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="conversation">
                  <Stack>
                    <Conversation ticket={data} showInternal />
                    {canReply && writable && <ReplyBox ticketKey={data.key} allowInternal textareaRef={replyRef} />}
                    {!canReply && <Alert color="gray">{t('conversation.closed', { key: data.key })}</Alert>}
                    <Text size="xs" c="dimmed">
                      <Kbd size="xs">r</Kbd> {t('ticket.keys.reply')} · <Kbd size="xs">c</Kbd> {t('ticket.keys.conversation')} · <Kbd size="xs">t</Kbd>{' '}
                      {t('ticket.keys.timeline')}
                    </Text>
                  </Stack>
                </Tabs.Panel>
                <Tabs.Panel value="timeline">
                  <TicketTimeline ticketKey={data.key} />
                </Tabs.Panel>
              </Tabs>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <Stack>
                <TicketFields key={data.version} ticket={data} onConflict={refetch} />
                <TicketAffectedCis ticket={data} onConflict={refetch} />
                <RequestTasks ticket={data} writable={writable} />
                <RequestApprovals ticket={data} />
                <RequestAnswers ticket={data} />
                <TicketSla ticket={data} />
                <TicketFacts ticket={data} />
                <TicketRelated ticket={data} onConflict={refetch} />
              </Stack>
            </Grid.Col>
          </Grid>
          <MergeTicketModal ticket={data} opened={merging} onClose={merge.close} onConflict={refetch} />
        </>
      )}
    </Stack>
  );
}
