/**
 * One configuration item: its key, name, class, status and criticality, then tabs for its details
 * (editable with the version read), relationships, impact analysis, tickets and history. The tab is
 * in the URL. Keys: `d` details, `r` relationships, `i` impact, `t` tickets, `h` history.
 */
import { Badge, Breadcrumbs, Button, Group, Kbd, Loader, Stack, Tabs, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigurationItem } from '../../api/types';
import { AnchorLink } from '../../components/anchor-link';
import { Forbidden } from '../../components/forbidden';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { useCan } from '../../session/session-query';
import { CiStatusBadge, CriticalityBadge } from './ci-badges';
import { CiDetails } from './ci-details';
import { CiHistory } from './ci-history';
import { CiImpact } from './ci-impact';
import { CiRelationships } from './ci-relationships';
import { ciTabs, type CiPageSearch, type CiTab } from './ci-search';
import { CiTickets } from './ci-tickets';
import { ciQuery } from './cmdb-api';
import { DeleteCiDialog } from './delete-ci-dialog';

const route = getRouteApi('/_app/cmdb/$key');

export function CiPage() {
  const can = useCan();
  const { key } = route.useParams();
  return can('cmdb:read') ? <CiView ciKey={key} /> : <Forbidden />;
}

function CiView({ ciKey }: { ciKey: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const ci = useQuery(ciQuery(ciKey));
  const [deleting, setDeleting] = useState<ConfigurationItem | null>(null);
  const tab = search.tab ?? 'details';
  const setSearch = (patch: Partial<CiPageSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });
  const setTab = (next: CiTab) => setSearch({ tab: next === 'details' ? undefined : next });
  useHotkeys([
    ['d', () => setTab('details')],
    ['r', () => setTab('relationships')],
    ['i', () => setTab('impact')],
    ['t', () => setTab('tickets')],
    ['h', () => setTab('history')],
  ]);
  const data = ci.data;
  return (
    <Stack>
      <Breadcrumbs>
        <AnchorLink to="/cmdb">{t('sections.cmdb.title')}</AnchorLink>
        <span>{data?.key ?? ciKey.toUpperCase()}</span>
      </Breadcrumbs>
      {ci.error && <QueryError error={ci.error} onRetry={() => void ci.refetch()} />}
      {!data && !ci.error && <Loader aria-label={t('common.loading')} />}
      {data && (
        <>
          <PageHeader
            title={`${data.key} · ${data.name}`}
            description={
              <Group gap="xs" component="span">
                <Badge color="gray" variant="outline">
                  {data.class.name}
                </Badge>
                <CiStatusBadge status={data.status} />
                {data.criticality && <CriticalityBadge criticality={data.criticality} />}
                {data.environment && (
                  <Text span size="sm" c="dimmed">
                    {t(`cmdb.environments.${data.environment}`)}
                  </Text>
                )}
              </Group>
            }
            actions={
              can('cmdb:write') && (
                <Button variant="default" color="red" onClick={() => setDeleting(data)}>
                  {t('common.delete')}
                </Button>
              )
            }
          />
          <Tabs value={tab} onChange={(value) => setTab((ciTabs as readonly string[]).includes(value ?? '') ? (value as CiTab) : 'details')} keepMounted={false}>
            <Tabs.List mb="md">
              {ciTabs.map((value) => (
                <Tabs.Tab key={value} value={value}>
                  {t(`cmdb.tabs.${value}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
            <Tabs.Panel value="details">
              <CiDetails key={data.version} ci={data} onConflict={() => void ci.refetch()} />
            </Tabs.Panel>
            <Tabs.Panel value="relationships">
              <CiRelationships ci={data} />
            </Tabs.Panel>
            <Tabs.Panel value="impact">
              <CiImpact ci={data} search={search} onChange={setSearch} />
            </Tabs.Panel>
            <Tabs.Panel value="tickets">
              <CiTickets ci={data} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <CiHistory ci={data} />
            </Tabs.Panel>
          </Tabs>
          <Text size="xs" c="dimmed">
            {ciTabs.map((value, i) => (
              <span key={value}>
                {i > 0 && ' · '}
                <Kbd size="xs">{t(`cmdb.tabKeys.${value}`)}</Kbd> {t(`cmdb.tabs.${value}`)}
              </span>
            ))}
          </Text>
          <DeleteCiDialog ci={deleting} onClose={() => setDeleting(null)} />
        </>
      )}
    </Stack>
  );
}

